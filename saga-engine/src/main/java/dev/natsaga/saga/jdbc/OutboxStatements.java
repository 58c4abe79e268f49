package dev.natsaga.saga.jdbc;

import static dev.natsaga.saga.jdbc.Columns.setEnum;
import static dev.natsaga.saga.jdbc.Columns.setInstant;
import static dev.natsaga.saga.jdbc.Columns.setUuid;

import dev.natsaga.saga.internal.json.SagaJson;
import dev.natsaga.saga.outbox.OutboxMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** Outbox writes and the relay's locking read. */
final class OutboxStatements {

  private OutboxStatements() {
  }

  static int insert(Connection c, OutboxMessage m, SagaJson json) throws SQLException {
    return Jdbc.update(c, SagaSql.INSERT_OUTBOX, ps -> {
      setUuid(ps, 1, m.id());
      setUuid(ps, 2, m.commandId());
      setUuid(ps, 3, m.sagaId());
      ps.setString(4, m.sagaType());
      ps.setString(5, m.stepName());
      setEnum(ps, 6, m.phase());
      ps.setString(7, m.type());
      ps.setString(8, m.subject());
      ps.setString(9, json.writeHeaders(m.headers()));
      ps.setString(10, m.payloadJson());
      setInstant(ps, 11, m.createdAt());
    });
  }

  static List<OutboxMessage> lockUnpublished(Connection c, SqlDialect dialect, int limit, SagaJson json)
      throws SQLException {
    return Jdbc.query(c, dialect.lockUnpublished(), ps -> ps.setInt(1, limit), rs -> Rows.outbox(rs, json));
  }

  static int markPublished(Connection c, Collection<UUID> ids, Instant at) throws SQLException {
    if (ids.isEmpty()) {
      return 0;
    }
    try (PreparedStatement ps = c.prepareStatement(SagaSql.MARK_PUBLISHED)) {
      for (UUID id : ids) {
        setInstant(ps, 1, at);
        setUuid(ps, 2, id);
        ps.addBatch();
      }
      ps.executeBatch();
    }
    return ids.size();
  }
}
