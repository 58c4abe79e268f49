package dev.natsaga.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Fills an H2 saga store with finished sagas fast: clones of one real completed booking saga (its
 * {@code saga_instance} row, its step log and its published outbox rows), {@code INSERT ... SELECT} over
 * {@code SYSTEM_RANGE} in chunks. Clone {@code n} gets id {@code 00000000-0000-4000-8000-<n, 12 digits>}, caller key
 * {@code prefill-<n>}, new command ids and sequential message ids, and a creation time {@code n} seconds before the template's.
 */
final class SagaPrefill {

  private static final int CHUNK = 50_000;
  private static final String ID = "CAST(CONCAT('00000000-0000-4000-8000-', LPAD(CAST(r.X AS VARCHAR), 12, '0')) AS UUID)";
  private static final String INSTANCES = "INSERT INTO saga_instance (id, saga_type, definition_version, status, direction,"
      + " step_index, step_name, step_attempt, command_id, state_json, lock_version, deadline, deadline_kind, caller_key,"
      + " failure_reason, created_at, updated_at) SELECT " + ID + ", t.saga_type, t.definition_version, t.status, t.direction,"
      + " t.step_index, t.step_name, t.step_attempt, RANDOM_UUID(), t.state_json, t.lock_version, t.deadline, t.deadline_kind,"
      + " CONCAT('prefill-', LPAD(CAST(r.X AS VARCHAR), 12, '0')), t.failure_reason, DATEADD(SECOND, -r.X, t.created_at), DATEADD(SECOND, -r.X, t.updated_at)"
      + " FROM saga_instance t, SYSTEM_RANGE(?, ?) r WHERE t.id = ?";
  private static final String STEPS = "INSERT INTO saga_step_log (saga_id, step_index, step_name, phase, attempt, outcome,"
      + " command_id, message_id, reply_id, reply_type, error, started_at, finished_at) SELECT " + ID + ", l.step_index,"
      + " l.step_name, l.phase, l.attempt, l.outcome, RANDOM_UUID(), RANDOM_UUID(), CAST(RANDOM_UUID() AS VARCHAR), l.reply_type,"
      + " l.error, DATEADD(SECOND, -r.X, l.started_at), DATEADD(SECOND, -r.X, l.finished_at)"
      + " FROM SYSTEM_RANGE(?, ?) r, saga_step_log l WHERE l.saga_id = ?";
  /** The template saga's outbox rows (its commands and its booking event), published, under new ids. */
  private static final String OUTBOX = "INSERT INTO natsaga_outbox (id, event_type, subject, content_mode, extensions_json,"
      + " payload_json, event_time, created_at, published_at) SELECT"
      + " CAST(CONCAT('00000000-0000-4000-9', LPAD(CAST(? AS VARCHAR), 3, '0'), '-', LPAD(CAST(r.X AS VARCHAR), 12, '0'))"
      + " AS UUID), o.event_type, o.subject, o.content_mode, o.extensions_json, o.payload_json,"
      + " DATEADD(SECOND, -r.X, o.event_time), DATEADD(SECOND, -r.X, o.created_at), DATEADD(SECOND, -r.X, o.published_at)"
      + " FROM SYSTEM_RANGE(?, ?) r, natsaga_outbox o WHERE o.id = ?";

  private SagaPrefill() {
  }

  /** Adds {@code count} finished sagas; @return the template saga's id. */
  static UUID fill(Connection c, int count) throws SQLException {
    UUID template = template(c);
    List<UUID> outbox = outboxIds(c, template);
    c.setAutoCommit(true);
    for (int from = 1; from <= count; from += CHUNK) {
      int to = Math.min(count, from + CHUNK - 1);
      insert(c, INSTANCES, from, to, template);
      insert(c, STEPS, from, to, template);
      for (int k = 0; k < outbox.size(); k++) {
        insert(c, OUTBOX, k, from, to, outbox.get(k));
      }
    }
    return template;
  }

  private static void insert(Connection c, String sql, Object... parameters) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        ps.setObject(i + 1, parameters[i]);
      }
      ps.executeUpdate();
    }
  }

  private static List<UUID> outboxIds(Connection c, UUID sagaId) throws SQLException {
    List<UUID> ids = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT id FROM natsaga_outbox WHERE extensions_json LIKE ?")) {
      ps.setString(1, "%" + sagaId + "%");
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getObject(1, UUID.class));
        }
      }
    }
    return ids;
  }

  private static UUID template(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT id FROM saga_instance WHERE status = 'COMPLETED'"
        + " AND caller_key LIKE 'booking-%' FETCH FIRST 1 ROWS ONLY"); ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        throw new IllegalStateException("no completed booking saga to clone: run some bookings first");
      }
      return rs.getObject(1, UUID.class);
    }
  }
}
