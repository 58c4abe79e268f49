package dev.natsaga.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.nats.client.Message;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hand-written saga's booking service (see {@link HandWrittenSaga}): {@code POST /bookings} and the consumer of
 * the payment replies. The booking row carries the saga's state ({@code step}: AUTHORIZING, CAPTURING, DONE).
 */
final class HandWrittenBooking implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(HandWrittenBooking.class);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String INSERT = "INSERT INTO hw_booking (booking_id, slot_id, customer_id, amount, currency, status, step,"
      + " created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'PENDING', 'AUTHORIZING', ?, ?)";
  private static final String LOCK = "SELECT step, slot_id, amount, currency FROM hw_booking WHERE booking_id = ? FOR UPDATE";
  private static final String ADVANCE = "UPDATE hw_booking SET status = ?, step = ?, payment_id = COALESCE(?, payment_id),"
      + " updated_at = ? WHERE booking_id = ?";
  private static final String OUTBOX = "INSERT INTO hw_outbox (subject, payload, created_at) VALUES (?, ?, ?)";

  private final String env;
  private final DataSource db;
  private final HandWrittenRelay relay;
  private final HttpServer http;
  private final ExecutorService httpThreads = Executors.newFixedThreadPool(8);
  private final AutoCloseable replies;

  HandWrittenBooking(String env, DataSource db, io.nats.client.Connection nats, HandWrittenRelay relay) throws Exception {
    this.env = env;
    this.db = db;
    this.relay = relay;
    this.http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
    http.setExecutor(httpThreads);
    http.createContext("/bookings", this::post);
    http.start();
    this.replies = HandWrittenSaga.consume(nats, env, "hw_booking_replies", HandWrittenSaga.subject(env, "booking.reply.>"),
        this::reply);
  }

  int httpPort() {
    return http.getAddress().getPort();
  }

  private void post(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestMethod().equals("POST")) {
        answer(exchange, 405, "{\"error\":\"POST only\"}");
        return;
      }
      JsonNode body;
      try {
        body = JSON.readTree(exchange.getRequestBody());
      } catch (IOException e) {
        answer(exchange, 400, "{\"error\":\"body is not JSON\"}");
        return;
      }
      for (String field : new String[] {"customerId", "slotId", "amount", "currency"}) {
        if (!body.hasNonNull(field)) {
          answer(exchange, 400, "{\"error\":\"" + field + " is required\"}");
          return;
        }
      }
      String bookingId = UUID.randomUUID().toString();
      try {
        create(bookingId, body);
      } catch (SQLException e) {
        answer(exchange, "23505".equals(e.getSQLState()) ? 409 : 500, "{\"error\":" + JSON.writeValueAsString(e.getMessage()) + "}");
        return;
      }
      relay.wake();
      answer(exchange, 202, "{\"bookingId\":\"" + bookingId + "\",\"status\":\"PENDING\"}");
    }
  }

  /** The booking and its authorize command, one transaction. */
  private void create(String bookingId, JsonNode body) throws SQLException {
    OffsetDateTime now = now();
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement(INSERT)) {
        ps.setString(1, bookingId);
        ps.setString(2, body.get("slotId").asText());
        ps.setString(3, body.get("customerId").asText());
        ps.setLong(4, body.get("amount").asLong());
        ps.setString(5, body.get("currency").asText());
        ps.setObject(6, now);
        ps.setObject(7, now);
        ps.executeUpdate();
        outbox(c, "payment.authorize", command(bookingId, "authorize", body.get("amount").asLong(), body.get("currency").asText(), null));
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  /**
   * A payment reply: the booking advanced in one transaction, then the message acked; a reply that does not match the
   * booking's step was applied before (a redelivery) and is only acked.
   */
  private void reply(Message m) {
    try {
      JsonNode reply = JSON.readTree(m.getData());
      boolean applied = apply(reply);
      if (applied) {
        relay.wake();
      }
      m.ack();
    } catch (IOException | SQLException | RuntimeException e) {
      LOG.warn("reply failed, redelivered later: {}", e.toString());
      m.nak();
    }
  }

  private boolean apply(JsonNode reply) throws SQLException, IOException {
    String bookingId = reply.get("bookingId").asText();
    String type = reply.get("type").asText();
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement lock = c.prepareStatement(LOCK)) {
        lock.setString(1, bookingId);
        try (ResultSet rs = lock.executeQuery()) {
          if (!rs.next() || !rs.getString(1).equals(type.equals("captured") ? "CAPTURING" : "AUTHORIZING")) {
            c.rollback();
            return false;
          }
          transition(c, bookingId, type, reply.path("paymentId").asText(null), rs);
        }
        c.commit();
        return true;
      } catch (SQLException | IOException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  private void transition(Connection c, String bookingId, String type, String paymentId, ResultSet booking)
      throws SQLException, IOException {
    switch (type) {
      case "authorized" -> {
        advance(c, bookingId, "PENDING", "CAPTURING", paymentId);
        outbox(c, "payment.capture", command(bookingId, "capture", booking.getLong(3), booking.getString(4), paymentId));
      }
      case "captured" -> {
        advance(c, bookingId, "CONFIRMED", "DONE", null);
        outcome(c, "confirmed", bookingId, booking.getString(2), null);
      }
      default -> {
        advance(c, bookingId, "CANCELLED", "DONE", null);
        outcome(c, "cancelled", bookingId, booking.getString(2), type);
      }
    }
  }

  private void advance(Connection c, String bookingId, String status, String step, String paymentId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(ADVANCE)) {
      ps.setString(1, status);
      ps.setString(2, step);
      ps.setString(3, paymentId);
      ps.setObject(4, now());
      ps.setString(5, bookingId);
      ps.executeUpdate();
    }
  }

  private void outcome(Connection c, String what, String bookingId, String slotId, String reason) throws SQLException, IOException {
    ObjectNode event = JSON.createObjectNode().put("specversion", "1.0").put("id", UUID.randomUUID().toString())
        .put("source", "/hand-written-booking").put("type", "booking.appointment." + what + ".v1");
    event.putObject("data").put("bookingId", bookingId).put("slotId", slotId).put("reason", reason);
    try (PreparedStatement ps = c.prepareStatement(OUTBOX)) {
      ps.setString(1, env + ".booking.appointment." + what + ".v1");
      ps.setString(2, JSON.writeValueAsString(event));
      ps.setObject(3, now());
      ps.executeUpdate();
    }
  }

  private String command(String bookingId, String kind, long amount, String currency, String paymentId) {
    ObjectNode command = JSON.createObjectNode().put("commandId", UUID.randomUUID().toString()).put("bookingId", bookingId)
        .put("kind", kind).put("amount", amount).put("currency", currency).put("paymentId", paymentId);
    return command.toString();
  }

  private void outbox(Connection c, String subject, String payload) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(OUTBOX)) {
      ps.setString(1, HandWrittenSaga.subject(env, subject));
      ps.setString(2, payload);
      ps.setObject(3, now());
      ps.executeUpdate();
    }
  }

  private static void answer(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static OffsetDateTime now() {
    return OffsetDateTime.now(ZoneOffset.UTC);
  }

  @Override
  public void close() throws Exception {
    http.stop(0);
    httpThreads.shutdown();
    replies.close();
  }
}
