package dev.natsaga.saga.jdbc;

import static dev.natsaga.saga.jdbc.Columns.setEnum;
import static dev.natsaga.saga.jdbc.Columns.setInstant;
import static dev.natsaga.saga.jdbc.Columns.setUuid;
import static dev.natsaga.saga.jdbc.Columns.truncate;

import dev.natsaga.saga.store.SagaInstance;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Binds {@link SagaInstance} fields to the insert and the optimistic update. */
final class InstanceStatements {

  private static final int MAX_REASON = 2000;

  private InstanceStatements() {
  }

  static void bindInsert(PreparedStatement ps, SagaInstance i) throws SQLException {
    setUuid(ps, 1, i.id());
    ps.setString(2, i.sagaType());
    ps.setInt(3, i.definitionVersion());
    setEnum(ps, 4, i.status());
    setEnum(ps, 5, i.direction());
    ps.setInt(6, i.stepIndex());
    ps.setString(7, i.stepName());
    ps.setInt(8, i.stepAttempt());
    setUuid(ps, 9, i.commandId());
    ps.setString(10, i.stateJson());
    ps.setLong(11, i.lockVersion());
    setInstant(ps, 12, i.deadline());
    setEnum(ps, 13, i.deadlineKind());
    ps.setString(14, i.callerKey());
    ps.setString(15, truncate(i.failureReason(), MAX_REASON));
    setInstant(ps, 16, i.createdAt());
    setInstant(ps, 17, i.updatedAt());
    setInstant(ps, 18, i.sagaDeadline());
    ps.setString(19, i.branchesJson());
    ps.setString(20, i.authType());
    ps.setString(21, i.authId());
    ps.setString(22, i.traceparent());
    ps.setString(23, i.tracestate());
  }

  static void bindUpdate(PreparedStatement ps, SagaInstance i) throws SQLException {
    setEnum(ps, 1, i.status());
    setEnum(ps, 2, i.direction());
    ps.setInt(3, i.stepIndex());
    ps.setString(4, i.stepName());
    ps.setInt(5, i.stepAttempt());
    setUuid(ps, 6, i.commandId());
    ps.setString(7, i.stateJson());
    setInstant(ps, 8, i.deadline());
    setEnum(ps, 9, i.deadlineKind());
    ps.setString(10, truncate(i.failureReason(), MAX_REASON));
    setInstant(ps, 11, i.updatedAt());
    ps.setString(12, i.branchesJson());
    setUuid(ps, 13, i.id());
    ps.setLong(14, i.lockVersion());
  }
}
