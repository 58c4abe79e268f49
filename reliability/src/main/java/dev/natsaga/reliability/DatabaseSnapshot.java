package dev.natsaga.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The services' databases after a run, read with the JDBC URLs the services were given (once they stopped, for H2):
 * bookings, slot holds, saga instances and the outbox of the booking database; payments and handled commands of the
 * payment database.
 */
record DatabaseSnapshot(Map<String, Booking> bookings, Map<String, String> slotHolds, Map<String, Saga> sagas, long outboxUnpublished,
                        Map<String, Payment> payments, List<Command> commands) {

  record Booking(String bookingId, String sagaId, String slotId, long amount, String status, String reason, boolean settled) {
  }

  record Saga(String id, String status, String callerKey, String paymentId, String failureReason) {
  }

  record Payment(String bookingId, String paymentId, String status, long amount) {
  }

  /** A command the payment service handled: {@code outcome} SUCCESS/FAILURE, null if claimed but never completed. */
  record Command(String commandId, String type, String sagaId, String step, String outcome, String replyType, String replyJson) {

    String replyField(String field) {
      if (replyJson == null) {
        return null;
      }
      try {
        JsonNode n = Http.JSON.readTree(replyJson);
        return n.hasNonNull(field) ? n.get(field).asText() : null;
      } catch (IOException e) {
        return null;
      }
    }
  }

  static DatabaseSnapshot read(Databases dbs) throws SQLException {
    Map<String, Booking> bookings = new HashMap<>();
    Map<String, String> holds = new HashMap<>();
    Map<String, Saga> sagas = new HashMap<>();
    long outbox;
    try (Connection c = dbs.openBooking(); Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT booking_id, saga_id, slot_id, amount, status, reason, settled_at FROM booking")) {
        while (rs.next()) {
          bookings.put(rs.getString(1), new Booking(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5),
              rs.getString(6), rs.getObject(7) != null));
        }
      }
      try (ResultSet rs = s.executeQuery("SELECT slot_id, booking_id FROM slot_hold")) {
        while (rs.next()) {
          holds.put(rs.getString(1), rs.getString(2));
        }
      }
      try (ResultSet rs = s.executeQuery("SELECT id, status, caller_key, state_json, failure_reason FROM saga_instance")) {
        while (rs.next()) {
          sagas.put(rs.getString(1), new Saga(rs.getString(1), rs.getString(2), rs.getString(3), paymentId(rs.getString(4)), rs.getString(5)));
        }
      }
      outbox = count(s, "SELECT count(*) FROM natsaga_outbox WHERE published_at IS NULL");
    }
    Map<String, Payment> payments = new HashMap<>();
    List<Command> commands = new ArrayList<>();
    try (Connection c = dbs.openPayment(); Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT booking_id, payment_id, status, amount FROM payment")) {
        while (rs.next()) {
          payments.put(rs.getString(1), new Payment(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)));
        }
      }
      try (ResultSet rs = s.executeQuery(
          "SELECT command_id, command_type, saga_id, step_name, outcome, reply_type, reply_json FROM saga_participant_command")) {
        while (rs.next()) {
          commands.add(new Command(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
              rs.getString(7)));
        }
      }
    }
    return new DatabaseSnapshot(bookings, holds, sagas, outbox, payments, commands);
  }

  private static long count(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  private static String paymentId(String stateJson) {
    try {
      JsonNode n = Http.JSON.readTree(stateJson);
      return n.hasNonNull("paymentId") ? n.get("paymentId").asText() : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
