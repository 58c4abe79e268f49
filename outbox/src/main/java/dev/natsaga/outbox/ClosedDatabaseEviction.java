package dev.natsaga.outbox;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A HikariCP rule for pools on H2: when H2 reports that the embedded database was closed under a connection (H2 closes
 * a database after a write it cannot make, e.g. on a full disk: error 90098, 90121 when called during shutdown, or a
 * general error carrying its store's "writing failed" or "closed"), the failing connection is evicted (HikariCP then
 * fails every later call on it without reaching H2) and, for a pool opened with {@link #pool(HikariConfig)}, <b>every</b> connection
 * of the pool is recycled (soft-evicted: idle ones closed at once, borrowed ones when they come back), so the pool's
 * next connections open the database file again once the cause is gone; and when H2 keeps the failed database
 * registered (new sessions attach to it and fail the same way), it is shut down ({@code DeadH2Shutdown}).
 *
 * <p>HikariCP evicts only on connection-loss SQL states, which H2 does not use for these; without the rule a service
 * keeps failing with "The database has been closed" after the disk has room again (found by the reliability run's
 * full-disk faults). Evicting only the failing connection is not enough: every other pooled session of the closed
 * database fails once more when it is next borrowed, each failure costing a request or a message delivery, while
 * sessions of the closed database stay open.
 *
 * <pre>{@code
 * HikariDataSource pool = ClosedDatabaseEviction.pool(hikariConfig);   // instead of new HikariDataSource(hikariConfig)
 * }</pre>
 *
 * <p>Set by class name ({@code setExceptionOverrideClassName}) the rule does not know its pool and evicts only the
 * failing connection.
 */
public final class ClosedDatabaseEviction implements SQLExceptionOverride {

  /** H2's "database is closed" and "database called at shutdown" error codes. */
  static final Set<Integer> CLOSED = Set.of(90098, 90121);
  /** H2's store errors (the code at the end of its message, {@code [2.5.252/4]}): writing failed (2), closed (4). */
  static final Set<Integer> STORE_CLOSED = Set.of(2, 4);

  private static final String STORE_EXCEPTION = "org.h2.mvstore.MVStoreException";
  private static final Pattern STORE_ERROR_CODE = Pattern.compile("/(\\d+)]$");

  private static final Logger LOG = LoggerFactory.getLogger(ClosedDatabaseEviction.class);
  private static final long LOG_EVERY_NANOS = 1_000_000_000L;

  private volatile HikariDataSource pool;
  private volatile DeadH2Shutdown shutdown;
  private final AtomicLong lastLogged = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);
  private final AtomicLong recycles = new AtomicLong();

  /** The rule on its own (HikariCP creates it by class name): evicts the failing connection only. */
  public ClosedDatabaseEviction() {
  }

  /**
   * Opens a pool from {@code config} with this rule installed and bound to the pool, so a closed database recycles the
   * whole pool; an embedded H2 file database's connections are made through {@code FailedRollbackGuard} (unless
   * {@code config} has a data source of its own); an embedded H2 file database is refused in a JVM running ZGC
   * ({@link H2CollectorGuard}). @return the started pool
   */
  public static HikariDataSource pool(HikariConfig config) {
    H2CollectorGuard.requireSupportedCollector(config.getJdbcUrl());
    ClosedDatabaseEviction rule = new ClosedDatabaseEviction();
    config.setExceptionOverride(rule);
    if (config.getDataSource() == null && DeadH2Shutdown.embeddedFile(config.getJdbcUrl())) {
      config.setDataSource(new FailedRollbackGuard(config.getJdbcUrl()));
    }
    HikariDataSource pool = new HikariDataSource(config);
    rule.shutdown = DeadH2Shutdown.forPool(pool);
    rule.pool = pool;
    return pool;
  }

  /** Whether {@code url} is that of an embedded H2 database in files (not in memory, not over the network). */
  public static boolean embeddedH2File(String url) {
    return DeadH2Shutdown.embeddedFile(url);
  }

  @java.lang.Override
  public Override adjudicate(SQLException e) {
    if (!closedDatabase(e)) {
      return Override.CONTINUE_EVICT;
    }
    recyclePool(e);
    return Override.MUST_EVICT;
  }

  /**
   * Whether {@code e} (or a cause) is H2's "database closed" error, or an error of its store that closes the database
   * (a failed write; a store already closed): a general error (50000) carrying one of those is as fatal, and the next
   * call on such a connection may never return (H2 2.x spins in {@code MVStore.registerVersionUsage} when a
   * transaction of a closed store is committed after a failed rollback), so it must not reach H2 again.
   */
  static boolean closedDatabase(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && CLOSED.contains(sql.getErrorCode())) {
        return true;
      }
      if (STORE_EXCEPTION.equals(t.getClass().getName()) && STORE_CLOSED.contains(storeErrorCode(t.getMessage()))) {
        return true;
      }
    }
    return false;
  }

  static String firstLine(String message) {
    String m = message == null ? "" : message;
    int end = m.indexOf('\n');
    return end < 0 ? m : m.substring(0, end);
  }

  private static int storeErrorCode(String message) {
    Matcher m = STORE_ERROR_CODE.matcher(message == null ? "" : message.strip());
    return m.find() ? Integer.parseInt(m.group(1)) : -1;
  }

  private void recyclePool(SQLException e) {
    HikariDataSource p = pool;
    if (p == null || p.isClosed()) {
      return;
    }
    HikariPoolMXBean bean = p.getHikariPoolMXBean();
    if (bean == null) {
      return;
    }
    bean.softEvictConnections();
    DeadH2Shutdown s = shutdown;
    if (s != null) {
      s.request();
    }
    long n = recycles.incrementAndGet();
    long now = System.nanoTime();
    long last = lastLogged.get();
    if (now - last >= LOG_EVERY_NANOS && lastLogged.compareAndSet(last, now)) {
      LOG.warn("pool {}: the database was closed under it ({}): every connection recycled ({} recycles so far)",
          p.getPoolName(), firstLine(e.getMessage()), n);
    }
  }
}
