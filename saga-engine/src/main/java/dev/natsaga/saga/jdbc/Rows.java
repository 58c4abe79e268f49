package dev.natsaga.saga.jdbc;

import static dev.natsaga.saga.jdbc.Columns.enumValue;
import static dev.natsaga.saga.jdbc.Columns.instant;
import static dev.natsaga.saga.jdbc.Columns.uuid;

import dev.natsaga.saga.SagaDirection;
import dev.natsaga.saga.SagaStatus;
import dev.natsaga.saga.StepOutcome;
import dev.natsaga.saga.StepPhase;
import dev.natsaga.saga.store.DeadlineKind;
import dev.natsaga.saga.store.EndedAttempt;
import dev.natsaga.saga.store.SagaInstance;
import dev.natsaga.saga.store.StepLogEntry;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Maps result-set rows to the store's records. */
final class Rows {

  private Rows() {
  }

  static SagaInstance instance(ResultSet rs) throws SQLException {
    return new SagaInstance(uuid(rs, "id"), rs.getString("saga_type"), rs.getInt("definition_version"),
        enumValue(rs, "status", SagaStatus.class), enumValue(rs, "direction", SagaDirection.class),
        rs.getInt("step_index"), rs.getString("step_name"), rs.getInt("step_attempt"), uuid(rs, "command_id"),
        rs.getString("state_json"), rs.getLong("lock_version"), instant(rs, "deadline"),
        enumValue(rs, "deadline_kind", DeadlineKind.class), rs.getString("caller_key"),
        rs.getString("failure_reason"), instant(rs, "created_at"), instant(rs, "updated_at"),
        instant(rs, "saga_deadline"), rs.getString("branches_json"), rs.getString("auth_type"), rs.getString("auth_id"),
        rs.getString("trace_parent"), rs.getString("trace_state"));
  }

  static EndedAttempt endedAttempt(ResultSet rs) throws SQLException {
    return new EndedAttempt(rs.getString("step_name"), instant(rs, "started_at"));
  }

  static StepLogEntry step(ResultSet rs) throws SQLException {
    return new StepLogEntry(rs.getLong("id"), uuid(rs, "saga_id"), rs.getInt("step_index"), rs.getString("step_name"),
        enumValue(rs, "phase", StepPhase.class), rs.getInt("attempt"), enumValue(rs, "outcome", StepOutcome.class),
        uuid(rs, "command_id"), uuid(rs, "message_id"), rs.getString("reply_id"), rs.getString("reply_type"),
        rs.getString("error"), instant(rs, "started_at"), instant(rs, "finished_at"),
        rs.getString("state_change"));
  }
}
