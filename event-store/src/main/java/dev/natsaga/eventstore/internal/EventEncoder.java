package dev.natsaga.eventstore.internal;

import dev.natsaga.eventstore.AggregateKey;
import dev.natsaga.framework.ContentMode;
import dev.natsaga.framework.EventType;
import dev.natsaga.framework.MessageKind;
import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.framework.codec.CloudEventCodec;
import dev.natsaga.framework.codec.EventFactory;
import io.cloudevents.CloudEvent;
import io.nats.client.impl.NatsMessage;

/** Turns an outgoing event of an aggregate into its NATS message: subject, CloudEvent with version, headers. */
final class EventEncoder {

  private final AggregateSubjects subjects;
  private final EventFactory events;
  private final CloudEventCodec codec;
  private final ContentMode defaultMode;

  EventEncoder(AggregateSubjects subjects, EventFactory events, CloudEventCodec codec, ContentMode defaultMode) {
    this.subjects = subjects;
    this.events = events;
    this.codec = codec;
    this.defaultMode = defaultMode;
  }

  NatsMessage encode(AggregateKey key, OutgoingEvent<?> event, long version) {
    check(key, event);
    String versionText = Long.toString(version);
    CloudEvent ce = events.create(event.toBuilder().subject(key.id()).extension(StoreHeaders.VERSION_EXTENSION, versionText).build());
    NatsMessage msg = codec.encode(subjects.subject(event.type(), key.id()), ce, event.mode() != null ? event.mode() : defaultMode);
    msg.getHeaders().put(StoreHeaders.VERSION, versionText);
    return msg;
  }

  /** {@code aggregateType} is {@code {domain}.{entity}} of {@code type} (compared in place: every append asks). */
  private static boolean belongs(EventType type, String aggregateType) {
    String domain = type.domain();
    String entity = type.entity();
    return aggregateType.length() == domain.length() + 1 + entity.length() && aggregateType.startsWith(domain)
        && aggregateType.charAt(domain.length()) == '.' && aggregateType.endsWith(entity);
  }

  private static void check(AggregateKey key, OutgoingEvent<?> event) {
    event.type().requireKind(MessageKind.EVENT); // an aggregate's history is facts: names the type and the rule
    if (event.kind() != MessageKind.EVENT) {
      throw new IllegalArgumentException("invalid type '" + event.type() + "': an event store appends events (facts),"
          + " this one was started as a command; start it with OutgoingEvent.event");
    }
    if (!belongs(event.type(), key.type())) {
      throw new IllegalArgumentException("event type '" + event.type() + "' does not belong to aggregate type '" + key.type()
          + "': an aggregate's events are " + key.type() + ".{action}.v{N}");
    }
    if (event.subject() != null && !event.subject().equals(key.id())) {
      throw new IllegalArgumentException("event " + event.type() + " has subject '" + event.subject() + "' but is appended to "
          + key + ": leave the subject unset (the store sets it to the aggregate id)");
    }
  }
}
