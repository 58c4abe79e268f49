package dev.natsaga.outbox;

import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.SQLException;
import java.util.Set;

/**
 * A HikariCP rule for pools on H2: a connection whose embedded database was closed under it (H2 closes a database
 * after a write it cannot make, e.g. on a full disk: error 90098, or 90121 when called during shutdown) is evicted, so
 * the pool's next connection opens the database file again once the cause is gone. HikariCP evicts only on connection-
 * loss SQL states, which H2 does not use for these, and without this rule a service keeps failing with "The database
 * has been closed" after the disk has room again (found by the reliability run's full-disk faults).
 *
 * <pre>{@code
 * hikariConfig.setExceptionOverrideClassName(ClosedDatabaseEviction.class.getName());
 * }</pre>
 */
public final class ClosedDatabaseEviction implements SQLExceptionOverride {

  /** H2's "database is closed" and "database called at shutdown" error codes. */
  static final Set<Integer> CLOSED = Set.of(90098, 90121);

  @java.lang.Override
  public Override adjudicate(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && CLOSED.contains(sql.getErrorCode())) {
        return Override.MUST_EVICT;
      }
    }
    return Override.CONTINUE_EVICT;
  }
}
