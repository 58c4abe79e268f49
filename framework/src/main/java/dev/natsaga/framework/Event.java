package dev.natsaga.framework;

import io.cloudevents.CloudEvent;
import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * A received event: its CloudEvents envelope, its typed data and where it came from.
 *
 * <pre>{@code
 * EventHandler<Authorize> handler = event -> {
 *   Authorize cmd = event.data();
 *   log.info("authorizing {} for {}", cmd.amount(), event.subject());
 * };
 * }</pre>
 *
 * @param <T> the payload type
 */
public final class Event<T> {

  private final CloudEvent envelope;
  private final EventType type;
  private final T data;
  private final Delivery delivery;

  public Event(CloudEvent envelope, EventType type, T data, Delivery delivery) {
    this.envelope = Objects.requireNonNull(envelope, "envelope");
    this.type = Objects.requireNonNull(type, "type");
    this.data = data;
    this.delivery = Objects.requireNonNull(delivery, "delivery");
  }

  /** The full CloudEvent as received (attributes, extensions, raw data). */
  public CloudEvent envelope() {
    return envelope;
  }

  public String id() {
    return envelope.getId();
  }

  public EventType type() {
    return type;
  }

  /** The CloudEvents {@code source}: the service that published the event. */
  public String source() {
    return envelope.getSource().toString();
  }

  /** The CloudEvents {@code subject}: the aggregate or resource id, or null. */
  public String subject() {
    return envelope.getSubject();
  }

  public OffsetDateTime time() {
    return envelope.getTime();
  }

  /** The payload bound to the handler's class. */
  public T data() {
    return data;
  }

  /** The {@code correlationid} extension, or null. */
  public String correlationId() {
    return extension(Extensions.CORRELATION_ID);
  }

  /** The {@code causationid} extension, or null. */
  public String causationId() {
    return extension(Extensions.CAUSATION_ID);
  }

  /** An extension attribute as a string, or null when absent. */
  public String extension(String name) {
    Object value = envelope.getExtension(name);
    return value == null ? null : value.toString();
  }

  /** Where and how often this event was delivered. */
  public Delivery delivery() {
    return delivery;
  }

  @Override
  public String toString() {
    return type + "/" + id();
  }

  /**
   * Delivery facts of a received message.
   *
   * @param natsSubject the NATS subject it arrived on
   * @param stream the stream name, or null for core NATS
   * @param streamSequence the stream sequence, 0 for core NATS
   * @param deliveryCount 1 on first delivery
   */
  public record Delivery(String natsSubject, String stream, long streamSequence, long deliveryCount) {
  }
}
