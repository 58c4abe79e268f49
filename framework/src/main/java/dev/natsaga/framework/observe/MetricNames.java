package dev.natsaga.framework.observe;

/**
 * The framework's Micrometer meter names and tags. In Prometheus text the dots become underscores, counters end in
 * {@code _total} and timers in {@code _seconds}: {@code natsaga_events_published_total{type="…",outcome="ok"}}.
 * Tags are bounded: event type, handler (durable), stream, outcome; never an id.
 */
public final class MetricNames {

  /** Counter; tags {@code type}, {@code outcome} = ok | duplicate | failed. */
  public static final String EVENTS_PUBLISHED = "natsaga.events.published";
  /** Timer of a publish until the stream's ack (asynchronous ones until their ack); tag {@code type}. */
  public static final String PUBLISH_DURATION = "natsaga.publish.duration";
  /** Counter of publish attempts retried after a transient failure; tag {@code type}. */
  public static final String PUBLISH_RETRIES = "natsaga.publish.retries";
  /** Counter; tags {@code type}, {@code handler}, {@code outcome} = acked | retried | dead_lettered | poison | skipped_duplicate | held. */
  public static final String EVENTS_CONSUMED = "natsaga.events.consumed";
  /** Timer with a percentile histogram: one delivery from decoding to ack/nak/dead letter; tags {@code type}, {@code handler}. */
  public static final String PROCESSING_DURATION = "natsaga.event.processing.duration";
  /** Gauge polled from JetStream: messages not yet delivered to the consumer; tags {@code handler}, {@code stream}. */
  public static final String CONSUMER_PENDING = "natsaga.consumer.pending";
  /** Gauge polled from JetStream: delivered, not yet acknowledged; tags {@code handler}, {@code stream}. */
  public static final String CONSUMER_ACK_PENDING = "natsaga.consumer.ack_pending";
  /** Gauge polled from JetStream: messages delivered more than once and not yet acknowledged; tags {@code handler}, {@code stream}. */
  public static final String CONSUMER_REDELIVERED = "natsaga.consumer.redelivered";
  /** Gauge polled from JetStream: messages in the dead-letter stream; tag {@code stream}. */
  public static final String DLQ_MESSAGES = "natsaga.dlq.messages";
  /** Function counter: reconnects of the NATS connection since start. */
  public static final String CONNECTION_RECONNECTS = "natsaga.connection.reconnects";
  /** Gauge: 1 while the NATS connection is CONNECTED, 0 otherwise. */
  public static final String CONNECTION_STATE = "natsaga.connection.state";

  /** Events per batch of a batch handler (distribution summary; tags {@code type}, {@code handler}). */
  public static final String BATCH_SIZE = "natsaga.consumer.batch.size";

  /** Gauge of a handler's circuit breaker: 0 closed, 1 open, 2 half-open; tag {@code handler}. */
  public static final String CIRCUIT_STATE = "natsaga.consumer.circuit.state";
  /** Function counter: times a handler's circuit opened since start; tag {@code handler}. */
  public static final String CIRCUIT_OPENED = "natsaga.consumer.circuit.opened";

  private MetricNames() {
  }
}
