package dev.natsaga.sample.booking;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.natsaga.framework.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** SQL over {@code booking_outbox}: write in the caller's transaction, read and mark for the relay. */
final class BookingOutbox {

  private static final ObjectMapper JSON = Json.mapper();
  private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() { };
  private static final String INSERT = "INSERT INTO booking_outbox (id, message_type, subject, payload_json, extensions_json,"
      + " created_at) VALUES (?, ?, ?, ?, ?, ?)";
  private static final String PENDING = "SELECT id, message_type, subject, payload_json, extensions_json, created_at"
      + " FROM booking_outbox WHERE published_at IS NULL ORDER BY created_at LIMIT ?";
  private static final String MARK = "UPDATE booking_outbox SET published_at = ? WHERE id = ?";

  private BookingOutbox() {
  }

  /** Writes {@code payload} (serialized as JSON) as a message to publish after commit. */
  static OutboxMessage add(Connection c, String type, String subject, Object payload, Map<String, String> extensions, Instant at)
      throws SQLException {
    OutboxMessage m = new OutboxMessage(UUID.randomUUID(), type, subject, json(payload), extensions, at);
    try (PreparedStatement ps = c.prepareStatement(INSERT)) {
      ps.setObject(1, m.id());
      ps.setString(2, m.type());
      ps.setString(3, m.subject());
      ps.setString(4, m.payloadJson());
      ps.setString(5, json(m.extensions()));
      ps.setObject(6, Sql.time(m.createdAt()));
      ps.executeUpdate();
    }
    return m;
  }

  static List<OutboxMessage> pending(Connection c, int limit) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(PENDING)) {
      ps.setInt(1, limit);
      try (ResultSet rs = ps.executeQuery()) {
        List<OutboxMessage> result = new ArrayList<>();
        while (rs.next()) {
          result.add(new OutboxMessage(rs.getObject("id", UUID.class), rs.getString("message_type"), rs.getString("subject"),
              rs.getString("payload_json"), readMap(rs.getString("extensions_json")), Sql.instant(rs, "created_at")));
        }
        return result;
      }
    }
  }

  /** Marks the rows published, in one batch of statements on the caller's connection. */
  static void markPublished(Connection c, List<UUID> ids, Instant at) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(MARK)) {
      for (UUID id : ids) {
        ps.setObject(1, Sql.time(at));
        ps.setObject(2, id);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private static String json(Object value) throws SQLException {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new SQLException("cannot serialize " + value.getClass().getSimpleName() + " for the outbox: " + e.getOriginalMessage(), e);
    }
  }

  private static Map<String, String> readMap(String json) throws SQLException {
    try {
      return JSON.readValue(json, STRING_MAP);
    } catch (JsonProcessingException e) {
      throw new SQLException("unreadable extensions in booking_outbox: " + e.getOriginalMessage(), e);
    }
  }
}
