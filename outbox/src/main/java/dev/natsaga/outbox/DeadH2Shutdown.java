package dev.natsaga.outbox;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a dead embedded H2 database out of H2's registry, so the pool's next connection opens the file again.
 *
 * <p>After a write it cannot make, H2 may keep the database registered with its store failed: every new session
 * attaches to that same database and every write fails again with the stored error, long after the disk has room (the
 * full-disk run's payment service). Recycling the pool's connections does not help then; {@code SHUTDOWN IMMEDIATELY}
 * does. To never shut down a healthy database (another thread may have reopened it meanwhile), a check first opens a
 * session and runs {@code CHECKPOINT}: only when that fails with the closed-database errors of
 * {@link ClosedDatabaseEviction} is the database shut down, and checked again every second until a CHECKPOINT succeeds
 * (while the disk is still full, each new opening of the file fails again), so it is usable as soon as the disk has
 * room, not only after the next failed request. Checks run on one daemon thread (ended when idle), one at a time; a
 * request while one is waiting or running is folded into it.
 */
final class DeadH2Shutdown {

  private static final Logger LOG = LoggerFactory.getLogger(DeadH2Shutdown.class);
  /** While the database is found dead (the disk still full), it is checked again this often. */
  private static final Duration RECHECK = Duration.ofSeconds(1);

  private final HikariDataSource pool;
  private final ExecutorService checker;
  private final AtomicBoolean pending = new AtomicBoolean();

  private DeadH2Shutdown(HikariDataSource pool) {
    this.pool = pool;
    this.checker = new ThreadPoolExecutor(0, 1, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
      Thread t = new Thread(r, "natsaga-h2-check-" + pool.getPoolName());
      t.setDaemon(true);
      return t;
    });
  }

  /** @return a shutdown for the pool's database if it is an embedded H2 file database, else null */
  static DeadH2Shutdown forPool(HikariDataSource pool) {
    return embeddedFile(pool.getJdbcUrl()) ? new DeadH2Shutdown(pool) : null;
  }

  /** Whether {@code url} is that of an embedded H2 database in files (not in memory, not over the network). */
  static boolean embeddedFile(String url) {
    if (url == null) {
      return false;
    }
    String u = url.toLowerCase(Locale.ROOT);
    return u.startsWith("jdbc:h2:") && !u.startsWith("jdbc:h2:mem:") && !u.startsWith("jdbc:h2:tcp:")
        && !u.startsWith("jdbc:h2:ssl:") && !u.startsWith("jdbc:h2:zip:");
  }

  /** Checks the database soon (once for any number of requests until the check starts). */
  void request() {
    if (!pending.compareAndSet(false, true)) {
      return;
    }
    try {
      checker.execute(this::check);
    } catch (RejectedExecutionException closed) {
      pending.set(false);
    }
  }

  /** Checks until the database takes a CHECKPOINT again (shutting it down each time it is found dead) or cannot be told. */
  private void check() {
    int shutdowns = 0;
    try {
      while (!pool.isClosed()) {
        Boolean healthy = checkOnce(shutdowns == 0);
        if (healthy == null || healthy) {
          if (healthy != null && shutdowns > 0) {
            LOG.info("pool {}: database usable again after {} shutdown(s)", pool.getPoolName(), shutdowns);
          }
          return;
        }
        shutdowns++;
        Thread.sleep(RECHECK.toMillis());
      }
    } catch (InterruptedException stop) {
      Thread.currentThread().interrupt();
    } finally {
      pending.set(false);
    }
  }

  /** @return true if a CHECKPOINT succeeds, false if the database was dead (now shut down), null if it cannot be told */
  private Boolean checkOnce(boolean first) {
    try (Connection c = DriverManager.getConnection(pool.getJdbcUrl(), pool.getUsername(), pool.getPassword());
         Statement s = c.createStatement()) {
      try {
        s.execute("CHECKPOINT");
        return true;
      } catch (SQLException dead) {
        if (!ClosedDatabaseEviction.closedDatabase(dead)) {
          return null;
        }
        try {
          s.execute("SHUTDOWN IMMEDIATELY");
        } catch (SQLException closing) {
          // the database is closed now, whatever the statement reports
        }
        String message = "pool {}: H2 kept its failed database open ({}): shut down, the next connection opens the file again";
        if (first) {
          LOG.warn(message, pool.getPoolName(), ClosedDatabaseEviction.firstLine(dead.getMessage()));
        } else {
          LOG.debug(message, pool.getPoolName(), ClosedDatabaseEviction.firstLine(dead.getMessage()));
        }
        return false;
      }
    } catch (SQLException cannotOpen) {
      LOG.debug("pool {}: checking the database: {}", pool.getPoolName(), cannotOpen.toString());
      return ClosedDatabaseEviction.closedDatabase(cannotOpen) ? false : null;
    }
  }
}
