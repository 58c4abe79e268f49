package dev.natsaga.saga.jdbc;

import static dev.natsaga.saga.jdbc.Columns.setInstant;
import static dev.natsaga.saga.jdbc.Columns.setUuid;

import dev.natsaga.saga.store.ClaimedSaga;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Claims due sagas: {@code SELECT ... FOR UPDATE SKIP LOCKED} (PostgreSQL, and H2 2.x without ORDER BY) picks
 * rows no other scanner holds, and an optimistic {@code UPDATE ... WHERE lock_version = ?} moves the
 * deadline by the lease, so a second scanner never gets the same saga even if the lock was not honoured.
 */
final class DueClaims {

  private DueClaims() {
  }

  static List<ClaimedSaga> claim(Connection c, SqlDialect dialect, Instant now, Duration lease, int limit)
      throws SQLException {
    List<ClaimedSaga> due = Jdbc.query(c, dialect.lockDue(), ps -> {
      setInstant(ps, 1, now);
      ps.setInt(2, limit);
    }, rs -> new ClaimedSaga(Columns.uuid(rs, "id"), rs.getLong("lock_version")));
    if (due.isEmpty()) {
      return due;
    }
    List<ClaimedSaga> claimed = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(SagaSql.CLAIM_DUE)) {
      for (ClaimedSaga saga : due) {
        setInstant(ps, 1, now.plus(lease));
        setInstant(ps, 2, now);
        setUuid(ps, 3, saga.id());
        ps.setLong(4, saga.lockVersion());
        if (ps.executeUpdate() == 1) {
          claimed.add(new ClaimedSaga(saga.id(), saga.lockVersion() + 1));
        }
      }
    }
    return claimed;
  }
}
