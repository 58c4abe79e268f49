package dev.natsaga.saga.nats;

import dev.natsaga.framework.BatchOptions;
import dev.natsaga.framework.config.CircuitBreakerOptions;
import dev.natsaga.framework.config.ConfigException;
import dev.natsaga.framework.config.ConsumerOptions;
import dev.natsaga.framework.config.Settings;
import java.time.Duration;
import dev.natsaga.saga.SagaEngine;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Immutable settings of a {@link SagaOrchestrator}. {@link #fromEnvironment()} reads them from system
 * properties and environment variables (a property wins); a bad value is a {@link ConfigException} naming it.
 *
 * <table>
 * <caption>settings</caption>
 * <tr><th>setting</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code SAGA_DEADLINE_INTERVAL}</td><td>{@code 500ms}</td><td>how often each instance scans for due deadlines</td></tr>
 * <tr><td>{@code SAGA_RELAY_BATCH_SIZE}</td><td>100</td><td>outbox rows per relay transaction</td></tr>
 * <tr><td>{@code SAGA_RELAY_POLL_INTERVAL}</td><td>{@code 1s}</td><td>relay polling fallback (it is woken after each commit)</td></tr>
 * <tr><td>{@code SAGA_PUBLISH_TIMEOUT}</td><td>{@code 30s}</td><td>how long a relay batch waits for its acknowledgements</td></tr>
 * <tr><td>{@code SAGA_REPLY_MAX_DELIVER}</td><td>20</td><td>deliveries of a reply that keeps failing before it is dead-lettered</td></tr>
 * </table>
 *
 * <pre>{@code
 * SagaOrchestratorOptions options = SagaOrchestratorOptions.builder()
 *     .deadlineInterval(Duration.ofMillis(250))
 *     .replyConsumer(o -> o.withConcurrency(8))
 *     .build();
 * }</pre>
 */
public final class SagaOrchestratorOptions {

  private final Duration deadlineInterval;
  private final int relayBatchSize;
  private final Duration relayPollInterval;
  private final Duration publishTimeout;
  private final int replyMaxDeliver;
  private final UnaryOperator<ConsumerOptions> replyConsumer;
  private final int replyBatch;
  private final Duration replyBatchWait;
  private final CircuitBreakerOptions replyCircuitBreaker;

  private SagaOrchestratorOptions(Builder b) {
    this.replyBatch = b.replyBatch;
    this.replyBatchWait = b.replyBatchWait;
    this.replyCircuitBreaker = b.replyCircuitBreaker;
    this.deadlineInterval = b.deadlineInterval;
    this.relayBatchSize = b.relayBatchSize;
    this.relayPollInterval = b.relayPollInterval;
    this.publishTimeout = b.publishTimeout;
    this.replyMaxDeliver = b.replyMaxDeliver;
    this.replyConsumer = b.replyConsumer;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The defaults. */
  public static SagaOrchestratorOptions defaults() {
    return builder().build();
  }

  /** Reads the {@code SAGA_*} orchestrator settings from system properties and environment variables. */
  public static SagaOrchestratorOptions fromEnvironment() {
    return from(Settings.fromEnvironment());
  }

  /** Reads the {@code SAGA_*} orchestrator settings from {@code s}. */
  public static SagaOrchestratorOptions from(Settings s) {
    return from(s, builder());
  }

  /**
   * Reads the {@code SAGA_*} orchestrator settings from {@code s}, a setting absent there taking its value from
   * {@code defaults} (e.g. a service's own default batch: {@code from(env, builder().replyBatch(32, Duration.ofMillis(2)))}).
   */
  public static SagaOrchestratorOptions from(Settings s, Builder defaults) {
    Builder d = defaults;
    return builder()
        .replyConsumer(d.replyConsumer)
        .replyCircuitBreaker(d.replyCircuitBreaker)
        .replyBatch(s.integer("SAGA_REPLY_BATCH", d.replyBatch, 1, 256), s.duration("SAGA_REPLY_BATCH_WAIT", d.replyBatchWait))
        .deadlineInterval(s.duration("SAGA_DEADLINE_INTERVAL", d.deadlineInterval))
        .relayBatchSize(s.integer("SAGA_RELAY_BATCH_SIZE", d.relayBatchSize, 1, 10_000))
        .relayPollInterval(s.duration("SAGA_RELAY_POLL_INTERVAL", d.relayPollInterval))
        .publishTimeout(s.duration("SAGA_PUBLISH_TIMEOUT", d.publishTimeout))
        .replyMaxDeliver(s.integer("SAGA_REPLY_MAX_DELIVER", d.replyMaxDeliver, 1, 1000))
        .build();
  }

  /** How often each instance calls {@code processDueDeadlines()} ({@code SAGA_DEADLINE_INTERVAL}, default 500 ms). */
  public Duration deadlineInterval() { return deadlineInterval; }

  /** Outbox rows per relay transaction ({@code SAGA_RELAY_BATCH_SIZE}, default 100). */
  public int relayBatchSize() { return relayBatchSize; }

  /** Relay polling fallback ({@code SAGA_RELAY_POLL_INTERVAL}, default 1 s). */
  public Duration relayPollInterval() { return relayPollInterval; }

  /** How long a relay batch waits for acknowledgements ({@code SAGA_PUBLISH_TIMEOUT}, default 30 s). */
  public Duration publishTimeout() { return publishTimeout; }

  /** Deliveries of a failing reply before it is dead-lettered ({@code SAGA_REPLY_MAX_DELIVER}, default 20). */
  public int replyMaxDeliver() { return replyMaxDeliver; }

  /**
   * How replies are batched ({@code SAGA_REPLY_BATCH}: the most replies applied in one transaction of the saga store,
   * default 1 = one transaction per reply; {@code SAGA_REPLY_BATCH_WAIT}: how long a batch's first reply waits for
   * others, default 2 ms); empty when not batched.
   */
  public Optional<BatchOptions> replyBatch() {
    return replyBatch > 1 ? Optional.of(new BatchOptions(replyBatch, replyBatchWait)) : Optional.empty();
  }

  /** The reply consumers' settings, starting from the service's consumer defaults. */
  /** The reply handlers' circuit breaker, if one is set ({@link Builder#replyCircuitBreaker}). */
  public Optional<CircuitBreakerOptions> replyCircuitBreaker() {
    return Optional.ofNullable(replyCircuitBreaker);
  }

  public ConsumerOptions replyConsumer(ConsumerOptions serviceDefaults) {
    return replyConsumer.apply(serviceDefaults.withMaxDeliver(replyMaxDeliver));
  }

  @Override
  public String toString() {
    return "SagaOrchestratorOptions[deadlineInterval=" + deadlineInterval + ", relayBatchSize=" + relayBatchSize
        + ", relayPollInterval=" + relayPollInterval + ", publishTimeout=" + publishTimeout
        + ", replyMaxDeliver=" + replyMaxDeliver + ", replyBatch=" + replyBatch + ", replyBatchWait=" + replyBatchWait + "]";
  }

  /** Builder; {@link #build()} validates. */
  public static final class Builder {
    private Duration deadlineInterval = Duration.ofMillis(500);
    private int relayBatchSize = 100;
    private Duration relayPollInterval = Duration.ofSeconds(1);
    private Duration publishTimeout = Duration.ofSeconds(30);
    private int replyMaxDeliver = 20;
    private UnaryOperator<ConsumerOptions> replyConsumer = UnaryOperator.identity();
    private int replyBatch = 1;
    private Duration replyBatchWait = Duration.ofMillis(2);
    private CircuitBreakerOptions replyCircuitBreaker;

    private Builder() {
    }

    /**
     * Applies up to {@code maxReplies} replies of a reply type in one transaction of the saga store, the first waiting
     * at most {@code maxWait} for others ({@link SagaEngine#handleReplies}); 1 (the default) = one transaction per reply.
     */
    public Builder replyBatch(int maxReplies, Duration maxWait) {
      this.replyBatch = maxReplies;
      this.replyBatchWait = maxWait;
      return this;
    }

    public Builder deadlineInterval(Duration value) { this.deadlineInterval = value; return this; }

    public Builder relayBatchSize(int value) { this.relayBatchSize = value; return this; }

    public Builder relayPollInterval(Duration value) { this.relayPollInterval = value; return this; }

    public Builder publishTimeout(Duration value) { this.publishTimeout = value; return this; }

    public Builder replyMaxDeliver(int value) { this.replyMaxDeliver = value; return this; }

    /** Adjusts the reply consumers further, e.g. {@code o -> o.withConcurrency(8).withAckWait(Duration.ofSeconds(10))}. */
    public Builder replyConsumer(UnaryOperator<ConsumerOptions> adjust) {
      this.replyConsumer = Objects.requireNonNull(adjust, "replyConsumer");
      return this;
    }

    /**
     * A circuit breaker on the reply handlers (null: none, the default): while the saga store fails, the reply
     * consumers stop pulling instead of using up the replies' deliveries.
     */
    public Builder replyCircuitBreaker(CircuitBreakerOptions breaker) {
      this.replyCircuitBreaker = breaker;
      return this;
    }

    public SagaOrchestratorOptions build() {
      requireBetween("SAGA_DEADLINE_INTERVAL", deadlineInterval, Duration.ofMillis(10), Duration.ofMinutes(10));
      requireBetween("SAGA_RELAY_POLL_INTERVAL", relayPollInterval, Duration.ofMillis(10), Duration.ofMinutes(10));
      requireBetween("SAGA_PUBLISH_TIMEOUT", publishTimeout, Duration.ofMillis(100), Duration.ofMinutes(10));
      if (relayBatchSize < 1 || relayBatchSize > 10_000) {
        throw new ConfigException("SAGA_RELAY_BATCH_SIZE", String.valueOf(relayBatchSize), "must be between 1 and 10000");
      }
      if (replyMaxDeliver < 1 || replyMaxDeliver > 1000) {
        throw new ConfigException("SAGA_REPLY_MAX_DELIVER", String.valueOf(replyMaxDeliver), "must be between 1 and 1000");
      }
      if (replyBatch < 1 || replyBatch > 256) {
        throw new ConfigException("SAGA_REPLY_BATCH", String.valueOf(replyBatch), "must be between 1 and 256");
      }
      if (replyBatchWait == null || replyBatchWait.isNegative() || replyBatchWait.compareTo(Duration.ofSeconds(10)) > 0) {
        throw new ConfigException("SAGA_REPLY_BATCH_WAIT", String.valueOf(replyBatchWait), "must be between 0 and 10s");
      }
      return new SagaOrchestratorOptions(this);
    }

    private static void requireBetween(String name, Duration value, Duration min, Duration max) {
      if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
        throw new ConfigException(name, String.valueOf(value), "must be between " + min.toMillis() + "ms and " + max.toMinutes() + "m");
      }
    }
  }
}
