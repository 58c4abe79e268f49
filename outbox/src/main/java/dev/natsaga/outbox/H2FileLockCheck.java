package dev.natsaga.outbox;

import com.zaxxer.hikari.HikariDataSource;
import dev.natsaga.framework.health.ComponentHealth;
import dev.natsaga.framework.health.HealthCheck;
import java.nio.channels.OverlappingFileLockException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;

/**
 * A liveness check for a pool on an embedded H2 file database: DOWN when H2 cannot open the database because
 * <b>this process</b> still holds its file's lock — H2 closed the database after a write it could not make, but its
 * store kept the file open and locked (seen with H2 2.4.240 and a write delay in the full-disk reliability run: every
 * new connection then failed with "The file is locked", {@code OverlappingFileLockException}, for good). Nothing in the
 * process can release that lock; a restart does, so the check is a liveness check: a supervisor that restarts the
 * service on a failing liveness probe (Kubernetes' {@code livenessProbe}, systemd's watchdog) heals it, and nothing
 * committed is lost, since every commit was made durable before it was acknowledged.
 *
 * <p>The check opens a session of its own through {@link DriverManager} (not the pool, which may be exhausted by
 * requests waiting for the same failure). Any other failure to open (a full disk, a dead database H2 still keeps
 * registered) is the readiness checks' business and reads UP here, with the error in the details.
 *
 * <pre>{@code
 * H2FileLockCheck.forPool(pool).ifPresent(health::register);   // GET /health/live answers 503 while the lock is stuck
 * }</pre>
 */
public final class H2FileLockCheck {

  /** The component's name in the health report. */
  public static final String NAME = "database-file";

  private H2FileLockCheck() {
  }

  /** The check for {@code pool}'s database, if it is an embedded H2 file database; empty otherwise. */
  public static Optional<HealthCheck> forPool(HikariDataSource pool) {
    if (!DeadH2Shutdown.embeddedFile(pool.getJdbcUrl())) {
      return Optional.empty();
    }
    return Optional.of(HealthCheck.of(NAME, HealthCheck.Kind.LIVENESS, () -> check(pool)));
  }

  private static ComponentHealth check(HikariDataSource pool) {
    try (Connection ignored = DriverManager.getConnection(pool.getJdbcUrl(), pool.getUsername(), pool.getPassword())) {
      return ComponentHealth.up(NAME, Map.of("pool", pool.getPoolName()));
    } catch (SQLException e) {
      if (lockedByThisProcess(e)) {
        return ComponentHealth.down(NAME, "H2 cannot open the database: this process holds its file's lock from a store"
            + " H2 closed after a failed write; only a restart frees it (" + ClosedDatabaseEviction.firstLine(e.getMessage()) + ")");
      }
      return ComponentHealth.up(NAME, Map.of("pool", pool.getPoolName(), "open", ClosedDatabaseEviction.firstLine(e.getMessage())));
    }
  }

  /** Whether opening failed on a file lock held within this JVM (another process's lock fails without this cause). */
  static boolean lockedByThisProcess(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof OverlappingFileLockException) {
        return true;
      }
    }
    return false;
  }
}
