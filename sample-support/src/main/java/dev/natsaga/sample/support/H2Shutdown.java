package dev.natsaga.sample.support;

import com.zaxxer.hikari.HikariDataSource;
import dev.natsaga.outbox.ClosedDatabaseEviction;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes an H2 database for good at the end of a service's graceful stop, whoever still holds a session of it.
 *
 * <p>With {@code DB_CLOSE_ON_EXIT=FALSE} (which the samples set, see {@link ServiceEnvironment#h2KeepsOpenOnExit}) an H2
 * database closes when its last session does. A session that leaks at stop keeps it open until the JVM exits, and then
 * it is never closed: on SIGTERM the saga service's own shutdown hook closes the pool while the booking service's
 * projection thread still holds a connection, which HikariCP aborts without H2 ever ending the session. The reliability
 * partition runs then read the booking database back without the commits of the service's last ≈0.1-0.3 s (sagas a
 * client had seen completed were RUNNING, outbox rows published and marked were unmarked). {@code SHUTDOWN} closes the
 * database with every session and writes it completely.
 *
 * <pre>{@code
 * H2Shutdown.ifH2(settings.dbUrl(), settings.dbUser(), settings.dbPassword());   // last step of close()
 * }</pre>
 */
public final class H2Shutdown {

  private static final Logger LOG = LoggerFactory.getLogger(H2Shutdown.class);

  private H2Shutdown() {
  }

  /**
   * Closes the pool's embedded H2 file database once its migrations have run (the pool's next connections open it
   * again), so every schema object is compiled anew by H2's own system session. H2 2.4.240 compiles a CHECK
   * constraint's {@code IN} list with the session that ran the DDL and, once that session has closed, fails every later
   * check with "Check constraint invalid ... The database has been closed": in the 30-minute soak run the booking
   * service refused every booking from the 27th minute on, when the pooled connection that had run the migrations was
   * retired. Fixed in H2 after 2.4.240 (commit 35f70285, "Fix ConditionInConstantSet usage from other sessions").
   * Call it before anything else uses the pool. Other databases: nothing happens.
   */
  public static void reopenAfterMigrations(HikariDataSource pool) {
    String url = pool.getJdbcUrl();
    if (!ClosedDatabaseEviction.embeddedH2File(url)) {
      return;
    }
    ifH2(url, pool.getUsername(), pool.getPassword());
    pool.getHikariPoolMXBean().softEvictConnections();   // their sessions ended with the database
  }

  /**
   * Runs {@code SHUTDOWN} on the H2 database at {@code url} (opening it if it is closed already, which is harmless);
   * does nothing for other databases and for in-memory H2 ones (whose contents a test may still read). @return whether it was an H2 database that is now closed
   */
  public static boolean ifH2(String url, String user, String password) {
    if (url == null || !url.startsWith("jdbc:h2:") || url.startsWith("jdbc:h2:mem:")) {
      return false;
    }
    try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
      s.execute("SHUTDOWN");
      LOG.info("H2 database closed: {}", url);
      return true;
    } catch (SQLException e) {
      LOG.warn("closing the H2 database {} failed: {}", url, e.toString());
      return false;
    }
  }
}
