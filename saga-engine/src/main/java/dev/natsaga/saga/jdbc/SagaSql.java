package dev.natsaga.saga.jdbc;

/** Every SQL statement of the JDBC store; portable between H2 2.x and PostgreSQL. */
final class SagaSql {

  static final String INSTANCE_COLUMNS = "id, saga_type, definition_version, status, direction, step_index, step_name,"
      + " step_attempt, command_id, state_json, lock_version, deadline, deadline_kind, caller_key, failure_reason,"
      + " created_at, updated_at, saga_deadline, branches_json, auth_type, auth_id, trace_parent, trace_state";

  static final String INSERT_INSTANCE = "INSERT INTO saga_instance (" + INSTANCE_COLUMNS + ")"
      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  static final String SELECT_INSTANCE = "SELECT " + INSTANCE_COLUMNS + " FROM saga_instance WHERE id = ?";

  static final String SELECT_ID_BY_CALLER_KEY = "SELECT id FROM saga_instance WHERE saga_type = ? AND caller_key = ?";

  static final String UPDATE_INSTANCE = "UPDATE saga_instance SET status = ?, direction = ?, step_index = ?, step_name = ?,"
      + " step_attempt = ?, command_id = ?, state_json = ?, deadline = ?, deadline_kind = ?, failure_reason = ?,"
      + " updated_at = ?, branches_json = ?, lock_version = lock_version + 1"
      + " WHERE id = ? AND lock_version = ?";

  static final String LIST_BY_TYPE = "SELECT " + INSTANCE_COLUMNS + " FROM saga_instance WHERE saga_type = ?"
      + " ORDER BY created_at DESC, id LIMIT ? OFFSET ?";

  static final String COUNT_BY_TYPE = "SELECT COUNT(*) FROM saga_instance WHERE saga_type = ?";

  static final String LIST_BY_TYPE_AND_STATUS = "SELECT " + INSTANCE_COLUMNS + " FROM saga_instance"
      + " WHERE saga_type = ? AND status = ? ORDER BY created_at DESC, id LIMIT ? OFFSET ?";

  static final String COUNT_BY_TYPE_AND_STATUS = "SELECT COUNT(*) FROM saga_instance WHERE saga_type = ? AND status = ?";

  /** Rows another transaction holds are skipped, so concurrent scanners never claim the same saga. */
  static final String LOCK_DUE = "SELECT id, lock_version FROM saga_instance"
      + " WHERE status IN ('RUNNING', 'COMPENSATING') AND deadline <= ?"
      + " ORDER BY deadline LIMIT ? FOR UPDATE SKIP LOCKED";

  /**
   * H2 variant: H2 2.4 returns no rows at all for {@code FOR UPDATE SKIP LOCKED} with {@code ORDER BY} once
   * another transaction holds some of them; without {@code ORDER BY} it walks the (status, deadline) index in
   * order and skips held rows correctly.
   */
  static final String LOCK_DUE_H2 = "SELECT id, lock_version FROM saga_instance"
      + " WHERE status IN ('RUNNING', 'COMPENSATING') AND deadline <= ?"
      + " LIMIT ? FOR UPDATE SKIP LOCKED";

  static final String CLAIM_DUE = "UPDATE saga_instance SET deadline = ?, updated_at = ?, lock_version = lock_version + 1"
      + " WHERE id = ? AND lock_version = ?";

  static final String STEP_COLUMNS = "id, saga_id, step_index, step_name, phase, attempt, outcome, command_id, message_id,"
      + " reply_id, reply_type, error, started_at, finished_at, state_change";

  static final String INSERT_STEP = "INSERT INTO saga_step_log (saga_id, step_index, step_name, phase, attempt, outcome,"
      + " command_id, message_id, reply_id, reply_type, error, started_at, finished_at, state_change)"
      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  static final String FINISH_OPEN_STEPS = "UPDATE saga_step_log SET outcome = ?, reply_id = ?, reply_type = ?, error = ?,"
      + " finished_at = ?, state_change = ? WHERE saga_id = ? AND step_index = ? AND phase = ? AND outcome = 'STARTED'";

  static final String SELECT_STEPS = "SELECT " + STEP_COLUMNS + " FROM saga_step_log WHERE saga_id = ? ORDER BY id";

  static final String HAS_REPLY = "SELECT 1 FROM saga_step_log WHERE saga_id = ? AND reply_id = ?";

  private SagaSql() {
  }
}
