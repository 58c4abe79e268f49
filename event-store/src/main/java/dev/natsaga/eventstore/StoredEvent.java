package dev.natsaga.eventstore;

import dev.natsaga.framework.EventType;
import dev.natsaga.framework.codec.PayloadBindingException;
import dev.natsaga.framework.codec.PayloadCodec;
import io.cloudevents.CloudEvent;
import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * One event of an aggregate as stored: the CloudEvent, its version within the aggregate (1, 2, ...) and its stream
 * sequence.
 *
 * <pre>{@code
 * for (StoredEvent e : store.load(key).events()) {
 *   if (e.type().name().equals("bank.account.deposited.v1")) {
 *     balance += e.data(Deposited.class).amount();
 *   }
 * }
 * }</pre>
 */
public final class StoredEvent {

  private final CloudEvent envelope;
  private final EventType type;
  private final long version;
  private final long sequence;
  private final PayloadCodec payloads;

  public StoredEvent(CloudEvent envelope, EventType type, long version, long sequence, PayloadCodec payloads) {
    this.envelope = Objects.requireNonNull(envelope, "envelope");
    this.type = Objects.requireNonNull(type, "type");
    this.version = version;
    this.sequence = sequence;
    this.payloads = Objects.requireNonNull(payloads, "payloads");
  }

  public CloudEvent envelope() {
    return envelope;
  }

  public String id() {
    return envelope.getId();
  }

  public EventType type() {
    return type;
  }

  /** The aggregate id (the CloudEvents {@code subject}). */
  public String aggregateId() {
    return envelope.getSubject();
  }

  /** The event's version within its aggregate: the first event is 1. */
  public long version() {
    return version;
  }

  /** The event's sequence in the domain's stream. */
  public long sequence() {
    return sequence;
  }

  public OffsetDateTime time() {
    return envelope.getTime();
  }

  /** The payload bound to {@code type}. */
  public <T> T data(Class<T> type) {
    try {
      return payloads.bind(envelope, type);
    } catch (PayloadBindingException e) {
      throw new EventStoreException("event " + this + " does not bind to " + type.getName() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return type + "@" + version + " of " + envelope.getSubject() + " (seq " + sequence + ")";
  }
}
