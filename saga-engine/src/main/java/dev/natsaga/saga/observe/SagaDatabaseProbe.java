package dev.natsaga.saga.observe;

import dev.natsaga.saga.store.SagaStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The read-only queries behind the saga gauges and health checks, on the store's own transactions. */
final class SagaDatabaseProbe {

  static final String BY_STATUS = "SELECT saga_type, status, COUNT(*) FROM saga_instance GROUP BY saga_type, status";
  static final String OUTBOX = "SELECT COUNT(*), MIN(created_at) FROM natsaga_outbox WHERE published_at IS NULL";
  static final String OLDEST_DUE = "SELECT MIN(deadline) FROM saga_instance WHERE status IN ('RUNNING', 'COMPENSATING')"
      + " AND deadline IS NOT NULL AND deadline <= ?";

  private final SagaStore store;
  private final int timeoutSeconds;

  SagaDatabaseProbe(SagaStore store, Duration timeout) {
    this.store = store;
    this.timeoutSeconds = (int) Math.max(1, timeout.toSeconds());
  }

  record StatusCount(String sagaType, String status, long count) {
  }

  /** Backlog: unpublished rows and the age of the oldest (zero when none). */
  record Outbox(long rows, Duration oldestAge) {
  }

  List<StatusCount> byStatus() {
    return store.inTransaction(tx -> {
      List<StatusCount> rows = new ArrayList<>();
      try (PreparedStatement ps = prepare(tx.connection(), BY_STATUS); ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(new StatusCount(rs.getString(1), rs.getString(2), rs.getLong(3)));
        }
      }
      return rows;
    });
  }

  Outbox outbox() {
    return store.inTransaction(tx -> {
      try (PreparedStatement ps = prepare(tx.connection(), OUTBOX); ResultSet rs = ps.executeQuery()) {
        rs.next();
        Timestamp oldest = rs.getTimestamp(2);
        return new Outbox(rs.getLong(1), oldest == null ? Duration.ZERO : age(oldest.toInstant()));
      }
    });
  }

  /** How far the oldest due deadline of an active saga is past. */
  Duration deadlineLag() {
    return store.inTransaction(tx -> {
      try (PreparedStatement ps = prepare(tx.connection(), OLDEST_DUE)) {
        ps.setTimestamp(1, Timestamp.from(Instant.now()));
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          Timestamp due = rs.getTimestamp(1);
          return due == null ? Duration.ZERO : age(due.toInstant());
        }
      }
    });
  }

  /** A validation query within the timeout. */
  void validate() {
    store.inTransaction(tx -> {
      try (PreparedStatement ps = prepare(tx.connection(), "SELECT 1"); ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    });
  }

  private PreparedStatement prepare(Connection c, String sql) throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    ps.setQueryTimeout(timeoutSeconds);
    return ps;
  }

  private static Duration age(Instant since) {
    Duration d = Duration.between(since, Instant.now());
    return d.isNegative() ? Duration.ZERO : d;
  }
}
