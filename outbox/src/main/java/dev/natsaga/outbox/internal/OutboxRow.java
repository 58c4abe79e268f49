package dev.natsaga.outbox.internal;

import dev.natsaga.framework.ContentMode;
import dev.natsaga.framework.EventType;
import dev.natsaga.framework.Extensions;
import dev.natsaga.framework.MessageKind;
import dev.natsaga.framework.OutgoingEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

/**
 * One unpublished outbox row, read back as the event it was written from: the same id (so the same
 * {@code Nats-Msg-Id}), kind, type, subject, time, content mode, extensions (correlation resolved when it was
 * written) and the payload as the JSON bytes it was serialized to. The type is checked against the kind again
 * ({@link dev.natsaga.framework.InvalidTypeException} naming the type and the rule, and the row is not published);
 * a row without a stored kind (written before the outbox stored it) takes the kind its type's action names.
 */
record OutboxRow(UUID id, MessageKind kind, String type, String subject, ContentMode mode, Map<String, String> extensions,
                 String payloadJson, Instant eventTime, Instant createdAt) {

  OutgoingEvent<byte[]> toEvent() {
    byte[] data = payloadJson == null ? null : payloadJson.getBytes(StandardCharsets.UTF_8);
    MessageKind checked = kind != null ? kind : EventType.parse(type).kind();
    OutgoingEvent.Builder<byte[]> event = OutgoingEvent.of(checked, type, data)
        .id(id.toString())
        .subject(subject)
        .mode(mode)
        .time(eventTime.atOffset(ZoneOffset.UTC));
    extensions.forEach(event::extension);
    return event.build();
  }

  /** @return the correlation id the row was written with (for the relay's log lines), or null */
  String correlationId() {
    return extensions.get(Extensions.CORRELATION_ID);
  }
}
