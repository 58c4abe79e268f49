package dev.natsaga.sample.booking;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A row of {@code booking_outbox}: an event (or command) to publish once its transaction committed.
 *
 * @param id          the event id and {@code Nats-Msg-Id}
 * @param type        the CloudEvents type
 * @param subject     the CloudEvents subject (the booking id)
 * @param payloadJson the data as JSON
 * @param extensions  CloudEvents extensions (correlation, saga attributes)
 * @param createdAt   when it was written
 */
record OutboxMessage(UUID id, String type, String subject, String payloadJson, Map<String, String> extensions, Instant createdAt) {

  OutboxMessage {
    extensions = Map.copyOf(extensions);
  }
}
