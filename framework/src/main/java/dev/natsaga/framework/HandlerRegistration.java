package dev.natsaga.framework;

import dev.natsaga.framework.config.CircuitBreakerOptions;
import dev.natsaga.framework.config.ConsumerOptions;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.UnaryOperator;

/**
 * A handler for one event or command type, with its payload class and consumer settings. The type's kind is
 * checked when the registration is started ({@link #onEvent}: past tense, {@link #onCommand}: imperative, or
 * {@link #on(MessageKind, String, Class, EventHandler)}); a wrong-kind type is refused naming the rule. All instances of a
 * service that register the same handler share one durable consumer (the queue group), so each
 * event is handled by one instance and survives restarts.
 *
 * <pre>{@code
 * HandlerRegistration<Authorize> reg = HandlerRegistration
 *     .onCommand("payment.transaction.authorize.v1", Authorize.class, event -> payments.authorize(event.data()))
 *     .idempotent()
 *     .options(o -> o.withConcurrency(8))
 *     .build();
 * }</pre>
 *
 * @param <T> the payload type
 */
public final class HandlerRegistration<T> {

  private final EventType type;
  private final Class<T> payloadType;
  private final EventHandler<T> handler;
  private final String name;
  private final boolean idempotent;
  private final UnaryOperator<ConsumerOptions> options;
  private final boolean aggregateEvents;
  private final boolean orderedByKey;
  private final CircuitBreakerOptions circuitBreaker;
  private final double rateLimit;

  private final boolean olderVersions;
  private final BatchHandler<T> batchHandler;
  private final BatchOptions batchOptions;

  private HandlerRegistration(Builder<T> b) {
    this.batchHandler = b.batchHandler;
    this.batchOptions = b.batchOptions;
    this.olderVersions = b.olderVersions;
    this.circuitBreaker = b.circuitBreaker;
    this.rateLimit = b.rateLimit;
    this.type = b.type;
    this.payloadType = b.payloadType;
    this.handler = b.handler;
    this.name = b.name != null ? b.name : b.type.name().replace('.', '_');
    this.idempotent = b.idempotent;
    this.options = b.options;
    this.aggregateEvents = b.aggregateEvents;
    this.orderedByKey = b.orderedByKey;
  }

  /**
   * Starts a registration for a type of {@code kind}, for generic code that carries the kind with the type (a test
   * kit, a console): {@link InvalidTypeException} naming the type and the rule when the type is not of that kind.
   */
  public static <T> Builder<T> on(MessageKind kind, String type, Class<T> payloadType, EventHandler<T> handler) {
    return new Builder<>(EventType.of(kind, type), payloadType, handler);
  }

  /** Starts a registration for an event type: its action must be past tense; {@link InvalidTypeException} otherwise. */
  public static <T> Builder<T> onEvent(String type, Class<T> payloadType, EventHandler<T> handler) {
    return new Builder<>(EventType.event(type), payloadType, handler);
  }

  /** Starts a registration for a command type: its action must be imperative; {@link InvalidTypeException} otherwise. */
  public static <T> Builder<T> onCommand(String type, Class<T> payloadType, EventHandler<T> handler) {
    return new Builder<>(EventType.command(type), payloadType, handler);
  }

  /**
   * Starts a registration of a {@link BatchHandler} for an event type (past tense): it gets up to
   * {@link BatchOptions#maxBatch()} events at once and reports each one's outcome; see {@link Builder#batch} and the
   * framework README, "Batch handlers". Every other option (idempotency, per-key ordering, payload stages, middleware,
   * circuit breaker, rate limit) applies to each event of a batch as to a single handler's.
   */
  public static <T> Builder<T> onEventBatch(String type, Class<T> payloadType, BatchHandler<T> handler) {
    return new Builder<>(EventType.event(type), payloadType, handler);
  }

  /** Like {@link #onEventBatch}, for a command type (imperative action). */
  public static <T> Builder<T> onCommandBatch(String type, Class<T> payloadType, BatchHandler<T> handler) {
    return new Builder<>(EventType.command(type), payloadType, handler);
  }

  public EventType type() {
    return type;
  }

  public Class<T> payloadType() {
    return payloadType;
  }

  /** The handler; for a batch registration a stand-in that refuses to run (the consumer feeds the {@link #batchHandler()}). */
  public EventHandler<T> handler() {
    return handler;
  }

  /** The batch handler, empty for a single-event registration. */
  public Optional<BatchHandler<T>> batchHandler() {
    return Optional.ofNullable(batchHandler);
  }

  /** How batches are formed ({@link BatchOptions#DEFAULTS} unless set); meaningful for a batch registration only. */
  public BatchOptions batchOptions() {
    return batchOptions;
  }

  /** The handler's name, unique within the service; the durable consumer is {@code {service}__{name}}. */
  public String name() {
    return name;
  }

  /** The durable consumer name shared by every instance of {@code serviceName}. */
  public String durableName(String serviceName) {
    return Environment.consumerToken(serviceName.replace('.', '_') + "__" + name);
  }

  /** Whether an event id is handled at most once by this consumer. */
  public boolean idempotent() {
    return idempotent;
  }

  /** This handler's consumer settings, starting from the service defaults. */
  public ConsumerOptions options(ConsumerOptions defaults) {
    return options.apply(defaults);
  }

  /** Whether the handler also receives events the event store appended ({@code {env}.{type}.{aggregate}}). */
  public boolean aggregateEvents() {
    return aggregateEvents;
  }

  /** Whether events with the same key (the CloudEvents subject) are handled one at a time in stream order. */
  public boolean orderedByKey() {
    return orderedByKey;
  }

  /** @return the handler's circuit breaker, empty when it has none */
  public Optional<CircuitBreakerOptions> circuitBreaker() {
    return Optional.ofNullable(circuitBreaker);
  }

  /** @return the most messages per second this instance hands to the handler, empty when unlimited */
  public OptionalDouble rateLimit() {
    return rateLimit > 0 ? OptionalDouble.of(rateLimit) : OptionalDouble.empty();
  }

  /**
   * Whether the handler also consumes the earlier versions of its type ({@code v1} to {@code v(N-1)}), which a payload
   * stage (an upcaster) turns into this version; one it does not is dead-lettered as {@code unknown-type}.
   */
  public boolean olderVersions() {
    return olderVersions;
  }

  /**
   * Builds a {@link HandlerRegistration}.
   *
   * @param <T> the payload type
   */
  public static final class Builder<T> {
    private final EventType type;
    private final Class<T> payloadType;
    private final EventHandler<T> handler;
    private String name;
    private boolean idempotent;
    private UnaryOperator<ConsumerOptions> options = UnaryOperator.identity();
    private boolean aggregateEvents;
    private boolean orderedByKey;
    private CircuitBreakerOptions circuitBreaker;
    private double rateLimit;
    private boolean olderVersions;
    private BatchHandler<T> batchHandler;
    private BatchOptions batchOptions = BatchOptions.DEFAULTS;

    private Builder(EventType type, Class<T> payloadType, EventHandler<T> handler) {
      this.type = type;
      this.payloadType = Objects.requireNonNull(payloadType, "payloadType");
      this.handler = Objects.requireNonNull(handler, "handler");
    }

    private Builder(EventType type, Class<T> payloadType, BatchHandler<T> batchHandler) {
      this(type, payloadType, (EventHandler<T>) event -> {
        throw new IllegalStateException("the batch handler of " + type + " runs only in a natsaga consumer");
      });
      this.batchHandler = Objects.requireNonNull(batchHandler, "handler");
    }

    /**
     * Sets how batches are formed: at most {@code maxBatch} events (1..256), handed over at the latest {@code maxWait}
     * after the first one arrived. Only for {@link #onEventBatch} / {@link #onCommandBatch} registrations.
     */
    public Builder<T> batch(int maxBatch, Duration maxWait) {
      if (batchHandler == null) {
        throw new IllegalStateException("handler " + type + " is not a batch handler: register it with"
            + " HandlerRegistration.onEventBatch or onCommandBatch to set batch(maxBatch, maxWait)");
      }
      this.batchOptions = new BatchOptions(maxBatch, maxWait);
      return this;
    }

    /** Names the handler (letters, digits, '-', '_'); default: the type with dots as underscores. */
    public Builder<T> name(String handlerName) {
      this.name = Environment.consumerToken(handlerName);
      return this;
    }

    /** Handles each event id at most once for this consumer, across instances and restarts. */
    public Builder<T> idempotent() {
      this.idempotent = true;
      return this;
    }

    /** Adjusts this handler's consumer settings, e.g. {@code o -> o.withMaxDeliver(3)}. */
    public Builder<T> options(UnaryOperator<ConsumerOptions> adjust) {
      this.options = Objects.requireNonNull(adjust, "adjust");
      return this;
    }

    /**
     * Also consumes the type's events appended by the event store (subjects {@code {env}.{type}.{aggregate}}); the
     * consumer then has two filter subjects, so under per-service permissions it needs
     * {@code $JS.API.CONSUMER.CREATE.{stream}.{durable}} (no filter token) to be allowed.
     */
    public Builder<T> includeAggregateEvents() {
      this.aggregateEvents = true;
      return this;
    }

    /**
     * Handles events with the same key (the CloudEvents {@code subject}, e.g. the aggregate id) one at a time in
     * stream order, while different keys run in parallel on the handler's {@code concurrency} lanes. Across instances
     * the consumer is pinned to one instance at a time (a JetStream priority group, nats-server 2.11+), the others
     * stand by. A failing event is retried in place (blocking its key) and dead-lettered after {@code maxDeliver}
     * attempts. See the framework README, "Per-key ordering", for the guarantee and its limits.
     */
    public Builder<T> orderedByKey() {
      this.orderedByKey = true;
      return this;
    }

    /**
     * Stops pulling while the handler keeps failing (a dependency is down), so messages wait in the stream instead of
     * being retried into the dead-letter stream; probes, then resumes. See {@link CircuitBreakerOptions} and the
     * guide, "Circuit breaking".
     */
    public Builder<T> circuitBreaker(CircuitBreakerOptions breaker) {
      this.circuitBreaker = Objects.requireNonNull(breaker, "breaker");
      return this;
    }

    /**
     * Hands at most {@code messagesPerSecond} messages per second to this handler in this instance, across its handler
     * threads (a resilience4j rate limiter refilled every 100 ms); messages beyond it wait, kept alive, in this
     * instance's buffer (bounded by {@code maxAckPending}).
     */
    public Builder<T> rateLimit(double messagesPerSecond) {
      if (!(messagesPerSecond > 0) || messagesPerSecond > 1_000_000) {
        throw new IllegalArgumentException("rate limit of handler " + type + " must be between 0 (exclusive) and 1000000"
            + " messages per second, got " + messagesPerSecond);
      }
      this.rateLimit = messagesPerSecond;
      return this;
    }

    /**
     * Also consumes the earlier versions of this type ({@code x.v1} ... {@code x.v(N-1)} for a handler of {@code x.vN}),
     * for an upcasting payload stage to turn into this version (natsaga-schema's {@code Upcasters}), on live consumption
     * and on replay. Do not use it while a handler of an earlier version runs in the same service (blue-green): each
     * event would be handled by both.
     */
    public Builder<T> acceptOlderVersions() {
      this.olderVersions = true;
      return this;
    }

    public HandlerRegistration<T> build() {
      return new HandlerRegistration<>(this);
    }
  }
}
