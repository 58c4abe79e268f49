package dev.natsaga.sample.booking;

import com.fasterxml.jackson.databind.JsonNode;
import dev.natsaga.eventstore.JdbcProjector;
import dev.natsaga.eventstore.StoredEvent;
import io.nats.client.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The projection behind {@code GET /customers/{customerId}/bookings}: the booking events
 * ({@code booking.appointment.confirmed.v1} / {@code cancelled.v1}) folded into the table {@code customer_booking}, one
 * row per booking, by a {@link JdbcProjector} (each event once, its checkpoint in the same transaction). It lists the
 * settled bookings: a booking appears when its saga has ended. {@link #rebuild()} empties the table and replays the
 * booking stream (as far back as the stream keeps events: {@code NATS_STREAM_MAX_AGE}).
 */
final class CustomerBookings implements AutoCloseable {

  static final String NAME = "customer-bookings";
  private static final String UPDATE = "UPDATE customer_booking SET customer_id = ?, status = ?, reason = ?, service_id = ?, "
      + "slot_id = ?, start_time = ?, amount = ?, currency = ?, settled_at = ?, stream_sequence = ? WHERE booking_id = ?";
  private static final String INSERT = "INSERT INTO customer_booking (customer_id, status, reason, service_id, slot_id, "
      + "start_time, amount, currency, settled_at, stream_sequence, booking_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String LIST = "SELECT booking_id, status, reason, service_id, slot_id, start_time, amount, currency, "
      + "settled_at FROM customer_booking WHERE customer_id = ? ORDER BY start_time, booking_id";

  private final DataSource dataSource;
  private final JdbcProjector projector;

  CustomerBookings(Connection nats, DataSource dataSource, String environment) {
    this.dataSource = dataSource;
    // the whole domain (one filter subject, {env}.booking.>, which the booking user's permissions allow for a consumer);
    // the handler skips other types
    this.projector = JdbcProjector.builder(nats, dataSource, NAME).environment(environment).domain("booking")
        .handler((event, tx) -> apply(event, tx))
        .reset(tx -> {
          try (Statement s = tx.createStatement()) {
            s.execute("DELETE FROM customer_booking");
          }
        })
        .build();
  }

  CustomerBookings start() {
    projector.start();
    return this;
  }

  void rebuild() {
    projector.rebuild();
  }

  JdbcProjector projector() {
    return projector;
  }

  private static void apply(StoredEvent event, java.sql.Connection tx) throws SQLException {
    boolean confirmed = event.type().name().equals(BookingOutcomes.CONFIRMED_EVENT);
    if (!confirmed && !event.type().name().equals(BookingOutcomes.CANCELLED_EVENT)) {
      return;
    }
    JsonNode e = event.data(JsonNode.class);
    Object[] values = {e.path("customerId").asText(), confirmed ? "CONFIRMED" : "CANCELLED", text(e, "reason"),
        text(e, "serviceId"), text(e, "slotId"), text(e, "startTime"), e.path("amount").asLong(), text(e, "currency"),
        text(e, confirmed ? "confirmedAt" : "cancelledAt"), event.sequence(), e.path("bookingId").asText()};
    if (write(tx, UPDATE, values) == 0) {
      write(tx, INSERT, values);
    }
  }

  private static int write(java.sql.Connection tx, String sql, Object[] values) throws SQLException {
    try (PreparedStatement ps = tx.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        ps.setObject(i + 1, values[i]);
      }
      return ps.executeUpdate();
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  /** The customer's settled bookings, by start time. */
  List<Map<String, Object>> of(String customerId) throws SQLException {
    List<Map<String, Object>> out = new ArrayList<>();
    try (java.sql.Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(LIST)) {
      ps.setString(1, customerId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Map<String, Object> b = new LinkedHashMap<>();
          b.put("bookingId", rs.getString("booking_id"));
          b.put("status", rs.getString("status"));
          b.put("reason", rs.getString("reason"));
          b.put("serviceId", rs.getString("service_id"));
          b.put("slotId", rs.getString("slot_id"));
          b.put("startTime", rs.getString("start_time"));
          b.put("amount", rs.getLong("amount"));
          b.put("currency", rs.getString("currency"));
          b.put("settledAt", rs.getString("settled_at"));
          out.add(b);
        }
      }
    }
    return out;
  }

  @Override
  public void close() {
    projector.close();
  }
}
