package dev.natsaga.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * The database work of one booking saga as the samples do it, statement for statement (read off an H2 trace of the
 * running services: {@code TRACE_LEVEL_FILE=3}), without the services or any messaging: what the store ceiling
 * ({@link StoreCeiling}) repeats back to back. Each method is one transaction's statements over a batch of sagas; the
 * caller commits. Payloads have the sizes the samples write (state, commands, replies, events).
 *
 * <p>Booking database: the start ({@code POST /bookings}: the saga, the booking, the slot hold, the authorize command),
 * three outbox relay rounds (mark published), the authorized reply (step log, confirm the booking, the capture command),
 * the captured reply (settle the booking, the outcome event, the saga completed) and the customer-bookings projection.
 * Payment database: the authorize and the capture command, each claimed, applied and answered by the participant.
 */
final class CeilingWrites {

  private static final String SAGA_TYPE = "booking.create";
  private static final String PARTICIPANT = "payment-service";
  private static final String INSTANCE_COLUMNS = "id, saga_type, definition_version, status, direction, step_index, step_name,"
      + " step_attempt, command_id, state_json, lock_version, deadline, deadline_kind, caller_key, failure_reason,"
      + " created_at, updated_at, saga_deadline, branches_json, auth_type, auth_id, trace_parent, trace_state";
  private static final String SELECT_ID_BY_CALLER_KEY = "SELECT id FROM saga_instance WHERE saga_type = ? AND caller_key = ?";
  private static final String INSERT_INSTANCE = "INSERT INTO saga_instance (" + INSTANCE_COLUMNS + ")"
      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String SELECT_INSTANCE = "SELECT " + INSTANCE_COLUMNS + " FROM saga_instance WHERE id = ?";
  private static final String UPDATE_INSTANCE = "UPDATE saga_instance SET status = ?, direction = ?, step_index = ?, step_name = ?,"
      + " step_attempt = ?, command_id = ?, state_json = ?, deadline = ?, deadline_kind = ?, failure_reason = ?,"
      + " updated_at = ?, branches_json = ?, lock_version = lock_version + 1 WHERE id = ? AND lock_version = ?";
  private static final String INSERT_STEP = "INSERT INTO saga_step_log (saga_id, step_index, step_name, phase, attempt, outcome,"
      + " command_id, message_id, reply_id, reply_type, error, started_at, finished_at, state_change)"
      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String FINISH_STEP = "UPDATE saga_step_log SET outcome = ?, reply_id = ?, reply_type = ?, error = ?,"
      + " finished_at = ?, state_change = ? WHERE saga_id = ? AND step_index = ? AND phase = ? AND outcome = 'STARTED'";
  /** The open attempt ended and its step and start returned, in one statement (PostgreSQL; H2: {@link #FINISH_STEP_H2}). */
  private static final String FINISH_STEP_RETURNING = FINISH_STEP + " RETURNING step_name, started_at";
  private static final String FINISH_STEP_H2 = "SELECT step_name, started_at FROM FINAL TABLE (" + FINISH_STEP + ")";
  private static final String HAS_REPLY = "SELECT 1 FROM saga_step_log WHERE saga_id = ? AND reply_id = ?";
  private static final String INSERT_OUTBOX = "INSERT INTO natsaga_outbox (id, event_type, subject, content_mode, extensions_json,"
      + " payload_json, event_time, created_at, message_kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String MARK_PUBLISHED = "UPDATE natsaga_outbox SET published_at = ? WHERE id = ANY(?) AND published_at IS NULL";
  private static final String BOOKING_COLUMNS = "booking_id, saga_id, customer_id, service_id, slot_id, start_time, end_time,"
      + " amount, currency, status, reason, created_at, updated_at, settled_at";
  private static final String INSERT_BOOKING = "INSERT INTO booking (" + BOOKING_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String FIND_BOOKING = "SELECT " + BOOKING_COLUMNS + " FROM booking WHERE booking_id = ?";
  private static final String SET_BOOKING_STATUS = "UPDATE booking SET status = ?, updated_at = ? WHERE booking_id = ? AND status = ?";
  private static final String SETTLE_BOOKING = "UPDATE booking SET status = ?, reason = ?, saga_id = COALESCE(saga_id, ?),"
      + " updated_at = ?, settled_at = ? WHERE booking_id = ? AND settled_at IS NULL";
  private static final String SLOT_HOLDER = "SELECT booking_id FROM slot_hold WHERE slot_id = ?";
  private static final String HOLD_SLOT = "INSERT INTO slot_hold (slot_id, booking_id, held_at) VALUES (?, ?, ?)";
  private static final String ADVANCE_PROJECTION = "UPDATE natsaga_projection SET position = ?, updated_at = ? WHERE name = ? AND position < ?";
  private static final String UPDATE_CUSTOMER_BOOKING = "UPDATE customer_booking SET customer_id = ?, status = ?, reason = ?,"
      + " service_id = ?, slot_id = ?, start_time = ?, amount = ?, currency = ?, settled_at = ?, stream_sequence = ? WHERE booking_id = ?";
  private static final String INSERT_CUSTOMER_BOOKING = "INSERT INTO customer_booking (customer_id, status, reason, service_id,"
      + " slot_id, start_time, amount, currency, settled_at, stream_sequence, booking_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String FIND_COMMAND = "SELECT reply_type, reply_json, outcome FROM saga_participant_command"
      + " WHERE participant = ? AND command_id = ? AND outcome IS NOT NULL";
  private static final String CLAIM_COMMAND = "INSERT INTO saga_participant_command"
      + " (participant, command_id, command_type, saga_id, step_name, processed_at) VALUES (?, ?, ?, ?, ?, ?)";
  private static final String COMPLETE_COMMAND = "UPDATE saga_participant_command SET outcome = ?, reply_type = ?, reply_json = ?"
      + " WHERE participant = ? AND command_id = ?";
  private static final String LOCK_PAYMENT = "SELECT booking_id, payment_id, status, amount, currency, reason, created_at,"
      + " updated_at, card_masked FROM payment WHERE booking_id = ? FOR UPDATE";
  private static final String INSERT_PAYMENT = "INSERT INTO payment (booking_id, payment_id, status, amount, currency, reason,"
      + " created_at, updated_at, card_masked) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String UPDATE_PAYMENT = "UPDATE payment SET status = ?, reason = ?, updated_at = ? WHERE booking_id = ?";

  private CeilingWrites() {
  }

  /** One saga's identities and the values its transactions carry from one to the next. */
  static final class Saga {
    final UUID id = UUID.randomUUID();
    final String bookingId = UUID.randomUUID().toString();
    final String slotId;
    final String paymentId = UUID.randomUUID().toString();
    final UUID[] commandIds = {UUID.randomUUID(), UUID.randomUUID()};
    final UUID[] outboxIds = {UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID()};
    long lockVersion;
    long sequence;

    Saga(String slotId, long sequence) {
      this.slotId = slotId;
      this.sequence = sequence;
    }

    String state(boolean captured) {
      return "{\"bookingId\":\"" + bookingId + "\",\"customerId\":\"c-1\",\"serviceId\":\"haircut\",\"slotId\":\"" + slotId
          + "\",\"startTime\":\"2026-12-01T10:00:00Z\",\"endTime\":\"2026-12-01T10:30:00Z\",\"amount\":1500,"
          + "\"currency\":\"EUR\",\"paymentId\":" + (lockVersion == 0 ? "null" : "\"" + paymentId + "\"")
          + ",\"captured\":" + captured + "}";
    }

    String extensions(String step, int command) {
      return "{\"correlationid\":\"" + id + "\",\"sagaid\":\"" + id + "\",\"sagastep\":\"" + step + "\",\"commandid\":\""
          + commandIds[command] + "\",\"authtype\":\"unauthenticated\"}";
    }

    String paymentJson() {
      return "{\"bookingId\":\"" + bookingId + "\",\"paymentId\":\"" + paymentId + "\",\"amount\":1500,\"currency\":\"EUR\"}";
    }
  }

  /** {@code POST /bookings}: the saga started with its booking and slot hold, the authorize command in the outbox. */
  static void start(Connection c, Saga s) throws SQLException {
    OffsetDateTime now = now();
    query(c, SELECT_ID_BY_CALLER_KEY, SAGA_TYPE, "booking-" + s.bookingId);
    update(c, INSERT_INSTANCE, s.id, SAGA_TYPE, 1, "RUNNING", "EXECUTING", 0, "reserve-slot", 1, null, s.state(false), 0L,
        null, null, "booking-" + s.bookingId, null, now, now, null, null, "unauthenticated", null, null, null);
    OffsetDateTime start = OffsetDateTime.parse("2026-12-01T10:00:00Z");
    update(c, INSERT_BOOKING, s.bookingId, s.id, "c-1", "haircut", s.slotId, start, start.plusMinutes(30), 1500L, "EUR",
        "PENDING", null, now, now, null);
    Savepoint sp = c.setSavepoint();
    query(c, SLOT_HOLDER, s.slotId);
    update(c, HOLD_SLOT, s.slotId, s.bookingId, now);
    c.releaseSavepoint(sp);
    update(c, INSERT_STEP, s.id, 0, "reserve-slot", "EXECUTE", 1, "SUCCEEDED", null, null, null, null, null, now, now, null);
    command(c, s, 0, "payment.transaction.authorize.v1", "authorize-payment",
        "{\"bookingId\":\"" + s.bookingId + "\",\"customerId\":\"c-1\",\"amount\":1500,\"currency\":\"EUR\"}");
    update(c, INSERT_STEP, s.id, 1, "authorize-payment", "EXECUTE", 1, "STARTED", s.commandIds[0], s.outboxIds[0], null, null,
        null, now, null, null);
    advance(c, s, 1, "authorize-payment", s.commandIds[0], false);
  }

  /** A relay round: the rows of the batch marked published in one statement. */
  static void relayed(Connection c, List<Saga> batch, int row) throws SQLException {
    java.sql.Array ids = c.createArrayOf("uuid", batch.stream().map(s -> s.outboxIds[row]).toArray());
    try {
      update(c, MARK_PUBLISHED, now(), ids);
    } finally {
      ids.free();
    }
  }

  /** The participant answers {@code command} (0 authorize, 1 capture) for each saga of the batch, a savepoint each. */
  static void participant(Connection c, List<Saga> batch, int command) throws SQLException {
    for (Saga s : batch) {
      Savepoint sp = c.setSavepoint();
      String commandId = s.commandIds[command].toString();
      query(c, FIND_COMMAND, PARTICIPANT, commandId);
      update(c, CLAIM_COMMAND, PARTICIPANT, commandId, command == 0 ? "payment.transaction.authorize.v1"
          : "payment.transaction.capture.v1", s.id.toString(), command == 0 ? "authorize-payment" : "capture-payment", now());
      query(c, LOCK_PAYMENT, s.bookingId);
      OffsetDateTime now = now();
      if (command == 0) {
        update(c, INSERT_PAYMENT, s.bookingId, s.paymentId, "AUTHORIZED", 1500L, "EUR", null, now, now, "**** 4242");
      } else {
        update(c, UPDATE_PAYMENT, "CAPTURED", null, now, s.bookingId);
      }
      update(c, COMPLETE_COMMAND, "SUCCESS", command == 0 ? "payment.transaction.authorized.v1" : "payment.transaction.captured.v1",
          s.paymentJson(), PARTICIPANT, commandId);
      c.releaseSavepoint(sp);
    }
  }

  /** The authorized replies of a batch: the step finished, the booking confirmed, the capture command sent. */
  static void authorized(Connection c, List<Saga> batch) throws SQLException {
    String finishStep = finishStep(c);
    for (Saga s : batch) {
      replyLookups(c, s);
      OffsetDateTime now = now();
      query(c, finishStep, "SUCCEEDED", UUID.randomUUID().toString(), "payment.transaction.authorized.v1", null, now,
          "{\"paymentId\":\"" + s.paymentId + "\"}", s.id, 1, "EXECUTE");
      Savepoint sp = c.setSavepoint();
      update(c, SET_BOOKING_STATUS, "CONFIRMED", now, s.bookingId, "PENDING");
      c.releaseSavepoint(sp);
      update(c, INSERT_STEP, s.id, 2, "confirm-booking", "EXECUTE", 1, "SUCCEEDED", null, null, null, null, null, now, now, null);
      command(c, s, 1, "payment.transaction.capture.v1", "capture-payment",
          "{\"bookingId\":\"" + s.bookingId + "\",\"paymentId\":\"" + s.paymentId + "\",\"amount\":1500,\"currency\":\"EUR\"}");
      update(c, INSERT_STEP, s.id, 3, "capture-payment", "EXECUTE", 1, "STARTED", s.commandIds[1], s.outboxIds[1], null, null,
          null, now, null, null);
      advance(c, s, 3, "capture-payment", s.commandIds[1], false);
    }
  }

  /** The captured replies of a batch: the booking settled, its outcome event in the outbox, the saga completed. */
  static void captured(Connection c, List<Saga> batch) throws SQLException {
    String finishStep = finishStep(c);
    for (Saga s : batch) {
      replyLookups(c, s);
      OffsetDateTime now = now();
      query(c, finishStep, "SUCCEEDED", UUID.randomUUID().toString(), "payment.transaction.captured.v1", null, now,
          "{\"captured\":true}", s.id, 3, "EXECUTE");
      query(c, FIND_BOOKING, s.bookingId);
      update(c, SETTLE_BOOKING, "CONFIRMED", null, s.id, now, now, s.bookingId);
      update(c, INSERT_OUTBOX, s.outboxIds[2], "booking.appointment.confirmed.v1", s.bookingId, null,
          "{\"correlationid\":\"" + s.id + "\",\"sagaid\":\"" + s.id + "\"}",
          "{\"bookingId\":\"" + s.bookingId + "\",\"customerId\":\"c-1\",\"serviceId\":\"haircut\",\"slotId\":\"" + s.slotId
              + "\",\"startTime\":\"2026-12-01T10:00:00Z\",\"paymentId\":\"" + s.paymentId + "\",\"amount\":1500,\"currency\":\"EUR\"}",
          now, now, "EVENT");
      update(c, UPDATE_INSTANCE, "COMPLETED", "EXECUTING", 4, null, 1, null, s.state(true), null, null, null, now, null, s.id,
          s.lockVersion++);
    }
  }

  /** The customer-bookings projection: its position advanced and the customer's row written, per outcome event. */
  static void projected(Connection c, List<Saga> batch) throws SQLException {
    for (Saga s : batch) {
      update(c, ADVANCE_PROJECTION, s.sequence, java.time.LocalDateTime.now(), "customer-bookings", s.sequence);
      Object[] row = {"c-1", "CONFIRMED", null, "haircut", s.slotId, "2026-12-01T10:00:00Z", 1500L, "EUR", now().toString(),
          s.sequence, s.bookingId};
      if (update(c, UPDATE_CUSTOMER_BOOKING, row) == 0) {
        update(c, INSERT_CUSTOMER_BOOKING, row);
      }
    }
  }

  private static void replyLookups(Connection c, Saga s) throws SQLException {
    query(c, SELECT_INSTANCE, s.id);
    query(c, HAS_REPLY, s.id, UUID.randomUUID().toString());
  }

  /** The dialect's form of {@link #FINISH_STEP}, chosen once per batch (not per saga inside the measured work). */
  private static String finishStep(Connection c) throws SQLException {
    return c.getMetaData().getDatabaseProductName().startsWith("H2") ? FINISH_STEP_H2 : FINISH_STEP_RETURNING;
  }

  private static void command(Connection c, Saga s, int n, String type, String step, String payload) throws SQLException {
    OffsetDateTime now = now();
    update(c, INSERT_OUTBOX, s.outboxIds[n], type, s.bookingId, null, s.extensions(step, n), payload, now, now, "COMMAND");
  }

  private static void advance(Connection c, Saga s, int step, String name, UUID command, boolean captured) throws SQLException {
    update(c, UPDATE_INSTANCE, "RUNNING", "EXECUTING", step, name, 1, command, s.state(captured), now().plusSeconds(30),
        "STEP", null, now(), null, s.id, s.lockVersion++);
  }

  private static OffsetDateTime now() {
    return OffsetDateTime.now(ZoneOffset.UTC);
  }

  private static int update(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = bind(c, sql, args)) {
      return ps.executeUpdate();
    }
  }

  private static void query(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = bind(c, sql, args); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        rs.getObject(1);
      }
    }
  }

  private static PreparedStatement bind(Connection c, String sql, Object... args) throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    for (int i = 0; i < args.length; i++) {
      ps.setObject(i + 1, args[i]);
    }
    return ps;
  }
}
