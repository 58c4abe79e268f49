package dev.natsaga.saga.jdbc;

import static dev.natsaga.saga.jdbc.Columns.setUuid;

import dev.natsaga.saga.SagaPage;
import dev.natsaga.saga.SagaStatus;
import dev.natsaga.saga.store.SagaInstance;
import dev.natsaga.saga.store.StepLogEntry;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Read queries over instances and step logs, shared by transactions and the store's query methods. */
final class InstanceQueries {

  private InstanceQueries() {
  }

  static Optional<SagaInstance> load(Connection c, UUID sagaId) throws SQLException {
    return Jdbc.queryOne(c, SagaSql.SELECT_INSTANCE, ps -> setUuid(ps, 1, sagaId), Rows::instance);
  }

  static List<StepLogEntry> stepLog(Connection c, UUID sagaId) throws SQLException {
    return Jdbc.query(c, SagaSql.SELECT_STEPS, ps -> setUuid(ps, 1, sagaId), Rows::step);
  }

  static SagaPage<SagaInstance> list(Connection c, String sagaType, SagaStatus status, int page, int size)
      throws SQLException {
    boolean any = status == null;
    List<SagaInstance> items = Jdbc.query(c, any ? SagaSql.LIST_BY_TYPE : SagaSql.LIST_BY_TYPE_AND_STATUS, ps -> {
      int i = 1;
      ps.setString(i++, sagaType);
      if (!any) {
        ps.setString(i++, status.name());
      }
      ps.setInt(i++, size);
      ps.setLong(i, (long) page * size);
    }, Rows::instance);
    long total = Jdbc.queryOne(c, any ? SagaSql.COUNT_BY_TYPE : SagaSql.COUNT_BY_TYPE_AND_STATUS, ps -> {
      ps.setString(1, sagaType);
      if (!any) {
        ps.setString(2, status.name());
      }
    }, rs -> rs.getLong(1)).orElse(0L);
    return new SagaPage<>(items, page, size, total);
  }
}
