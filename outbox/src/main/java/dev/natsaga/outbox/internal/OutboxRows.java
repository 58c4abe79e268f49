package dev.natsaga.outbox.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.natsaga.framework.ContentMode;
import dev.natsaga.framework.EventContext;
import dev.natsaga.framework.Json;
import dev.natsaga.framework.MessageKind;
import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.framework.observe.TraceContexts;
import dev.natsaga.outbox.OutboxBacklog;
import dev.natsaga.outbox.OutboxException;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The outbox table's rows over JDBC, always on the caller's connection (and so in its transaction). */
public final class OutboxRows {

  private static final TypeReference<LinkedHashMap<String, String>> STRING_MAP = new TypeReference<>() { };

  private OutboxRows() {
  }

  /** Writes {@code events}, resolving the correlation each inherits on this thread now. */
  public static void insert(Connection c, List<? extends OutgoingEvent<?>> events, Instant now) {
    try (PreparedStatement ps = c.prepareStatement(OutboxSql.INSERT)) {
      for (OutgoingEvent<?> event : events) {
        bind(ps, event, now);
        ps.addBatch();
      }
      ps.executeBatch();
    } catch (SQLException e) {
      throw new OutboxException("writing " + events.size() + " event(s) to the outbox (natsaga_outbox) failed: "
          + e.getMessage() + " -- did the service migrate the outbox table (Outbox.start() or OutboxSchema.migrate)?", e);
    }
  }

  private static void bind(PreparedStatement ps, OutgoingEvent<?> event, Instant now) throws SQLException {
    Map<String, String> extensions = EventContext.inheritedExtensions(event.id());
    TraceContexts.inject(extensions); // the writer's span, if any: the relay publishes in its trace
    extensions.putAll(event.extensions());
    ps.setObject(1, UUID.fromString(event.id()));
    ps.setString(2, event.type().name());
    ps.setString(3, event.subject());
    ps.setString(4, event.mode() == null ? null : event.mode().name());
    ps.setString(5, json(extensions, event));
    ps.setString(6, payload(event));
    ps.setObject(7, event.time() != null ? event.time() : utc(now));
    ps.setObject(8, utc(now));
    ps.setString(9, event.kind().name());
  }

  static List<OutboxRow> lockUnpublished(Connection c, Dialect dialect, int limit) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(dialect.lockUnpublished())) {
      ps.setInt(1, limit);
      try (ResultSet rs = ps.executeQuery()) {
        List<OutboxRow> rows = new ArrayList<>();
        while (rs.next()) {
          rows.add(row(rs));
        }
        return rows;
      }
    }
  }

  /** Marks the rows {@code ids} published at {@code at}, in one statement whatever their number. */
  static void markPublished(Connection c, Collection<UUID> ids, Instant at) throws SQLException {
    if (ids.isEmpty()) {
      return;
    }
    Array array = c.createArrayOf("uuid", ids.toArray());
    try (PreparedStatement ps = c.prepareStatement(OutboxSql.MARK_PUBLISHED)) {
      ps.setObject(1, utc(at));
      ps.setArray(2, array);
      ps.executeUpdate();
    } finally {
      array.free();
    }
  }

  static OutboxBacklog backlog(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(OutboxSql.BACKLOG); ResultSet rs = ps.executeQuery()) {
      rs.next();
      OffsetDateTime oldest = rs.getObject(2, OffsetDateTime.class);
      return new OutboxBacklog(rs.getLong(1), oldest == null ? null : oldest.toInstant());
    }
  }

  static int purgePublished(Connection c, Instant before) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(OutboxSql.PURGE_PUBLISHED)) {
      ps.setObject(1, utc(before));
      return ps.executeUpdate();
    }
  }

  private static OutboxRow row(ResultSet rs) throws SQLException {
    String mode = rs.getString("content_mode");
    return new OutboxRow(rs.getObject("id", UUID.class), kind(rs.getString("message_kind")), rs.getString("event_type"),
        rs.getString("subject"),
        mode == null ? null : ContentMode.valueOf(mode), extensions(rs.getString("extensions_json")),
        rs.getString("payload_json"), rs.getObject("event_time", OffsetDateTime.class).toInstant(),
        rs.getObject("created_at", OffsetDateTime.class).toInstant());
  }

  private static String payload(OutgoingEvent<?> event) {
    Object data = event.data();
    if (data == null) {
      return null;
    }
    if (data instanceof byte[] bytes) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
    return json(data, event);
  }

  private static String json(Object value, OutgoingEvent<?> event) {
    try {
      return Json.mapper().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("event " + event.type().name() + " " + event.id()
          + " does not serialize to JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** The stored kind; null for rows written before the outbox stored it (the relay then reads it off the type). */
  private static MessageKind kind(String stored) throws SQLException {
    if (stored == null) {
      return null;
    }
    try {
      return MessageKind.valueOf(stored);
    } catch (IllegalArgumentException e) {
      throw new SQLException("unreadable message_kind '" + stored + "' in natsaga_outbox: must be EVENT or COMMAND", e);
    }
  }

  private static Map<String, String> extensions(String json) throws SQLException {
    try {
      return Json.mapper().readValue(json, STRING_MAP);
    } catch (JsonProcessingException e) {
      throw new SQLException("unreadable extensions_json in natsaga_outbox: " + e.getOriginalMessage(), e);
    }
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
