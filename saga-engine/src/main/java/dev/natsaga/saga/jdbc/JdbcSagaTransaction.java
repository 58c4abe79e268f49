package dev.natsaga.saga.jdbc;

import static dev.natsaga.saga.jdbc.Columns.setEnum;
import static dev.natsaga.saga.jdbc.Columns.setInstant;
import static dev.natsaga.saga.jdbc.Columns.setUuid;
import static dev.natsaga.saga.jdbc.Columns.truncate;

import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.outbox.OutboxWriter;
import dev.natsaga.saga.StepPhase;
import dev.natsaga.saga.store.AttemptResult;
import dev.natsaga.saga.store.DuplicateSagaException;
import dev.natsaga.saga.store.EndedAttempt;
import dev.natsaga.saga.store.SagaConcurrencyException;
import dev.natsaga.saga.store.SagaInstance;
import dev.natsaga.saga.store.SagaTransaction;
import dev.natsaga.saga.store.StepLogEntry;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** A {@link SagaTransaction} over one JDBC connection with auto-commit off; the store commits it. */
final class JdbcSagaTransaction implements SagaTransaction {

  private static final int MAX_ERROR = 4000;
  private static final int MAX_NAME = 200;

  private final Connection connection;
  private final SqlDialect dialect;
  private final List<Runnable> afterCommit = new ArrayList<>();
  private boolean outboxWritten;

  JdbcSagaTransaction(Connection connection, SqlDialect dialect) {
    this.connection = connection;
    this.dialect = dialect;
  }

  @Override
  public Connection connection() {
    return connection;
  }

  @Override
  public Optional<SagaInstance> load(UUID sagaId) {
    return Jdbc.run("load saga " + sagaId, () -> InstanceQueries.load(connection, sagaId));
  }

  @Override
  public Optional<UUID> findIdByCallerKey(String sagaType, String callerKey) {
    return Jdbc.run("find saga by caller key", () -> Jdbc.queryOne(connection, SagaSql.SELECT_ID_BY_CALLER_KEY,
        ps -> {
          ps.setString(1, sagaType);
          ps.setString(2, callerKey);
        }, rs -> Columns.uuid(rs, "id")));
  }

  @Override
  public void insert(SagaInstance instance) {
    try {
      Jdbc.update(connection, SagaSql.INSERT_INSTANCE, ps -> InstanceStatements.bindInsert(ps, instance));
    } catch (SQLException e) {
      if (SqlErrors.isUniqueViolation(e)) {
        throw new DuplicateSagaException("saga " + instance.sagaType() + " with caller key '" + instance.callerKey()
            + "' already exists", e);
      }
      throw SqlErrors.translate(e, "insert saga " + instance.id());
    }
  }

  @Override
  public SagaInstance update(SagaInstance instance) {
    int rows = Jdbc.run("update saga " + instance.id(),
        () -> Jdbc.update(connection, SagaSql.UPDATE_INSTANCE, ps -> InstanceStatements.bindUpdate(ps, instance)));
    if (rows == 0) {
      throw new SagaConcurrencyException("saga " + instance.id() + " was changed by another transaction (expected lock version "
          + instance.lockVersion() + ")");
    }
    return instance.toBuilder().lockVersion(instance.lockVersion() + 1).build();
  }

  @Override
  public void appendStepLog(StepLogEntry e) {
    Jdbc.run("append step log of saga " + e.sagaId(), () -> Jdbc.update(connection, SagaSql.INSERT_STEP, ps -> {
      setUuid(ps, 1, e.sagaId());
      ps.setInt(2, e.stepIndex());
      ps.setString(3, truncate(e.stepName(), MAX_NAME));
      setEnum(ps, 4, e.phase());
      ps.setInt(5, e.attempt());
      setEnum(ps, 6, e.outcome());
      setUuid(ps, 7, e.commandId());
      setUuid(ps, 8, e.messageId());
      ps.setString(9, truncate(e.replyId(), MAX_NAME));
      ps.setString(10, truncate(e.replyType(), MAX_NAME));
      ps.setString(11, truncate(e.error(), MAX_ERROR));
      setInstant(ps, 12, e.startedAt());
      setInstant(ps, 13, e.finishedAt());
      ps.setString(14, truncate(e.stateChange(), MAX_ERROR));
    }));
  }

  @Override
  public List<EndedAttempt> finishOpenAttempts(UUID sagaId, int stepIndex, StepPhase phase, AttemptResult r) {
    return Jdbc.run("finish step of saga " + sagaId, () -> Jdbc.query(connection, dialect.finishOpenSteps(), ps -> {
      setEnum(ps, 1, r.outcome());
      ps.setString(2, r.replyId());
      ps.setString(3, r.replyType());
      ps.setString(4, truncate(r.error(), MAX_ERROR));
      setInstant(ps, 5, r.finishedAt());
      ps.setString(6, truncate(r.stateChange(), MAX_ERROR));
      setUuid(ps, 7, sagaId);
      ps.setInt(8, stepIndex);
      setEnum(ps, 9, phase);
    }, Rows::endedAttempt));
  }

  @Override
  public boolean hasReply(UUID sagaId, String replyId) {
    return Jdbc.run("look up reply of saga " + sagaId, () -> Jdbc.queryOne(connection, SagaSql.HAS_REPLY, ps -> {
      setUuid(ps, 1, sagaId);
      ps.setString(2, replyId);
    }, rs -> Boolean.TRUE).isPresent());
  }

  @Override
  public List<StepLogEntry> stepLog(UUID sagaId) {
    return Jdbc.run("read step log of saga " + sagaId, () -> InstanceQueries.stepLog(connection, sagaId));
  }

  @Override
  public void publish(OutgoingEvent<?> event) {
    OutboxWriter.write(connection, List.of(event), Clock.systemUTC());
    outboxWritten = true;
  }

  @Override
  public void afterCommit(Runnable action) {
    afterCommit.add(action);
  }

  List<Runnable> afterCommitActions() {
    return afterCommit;
  }

  boolean outboxWritten() {
    return outboxWritten;
  }
}
