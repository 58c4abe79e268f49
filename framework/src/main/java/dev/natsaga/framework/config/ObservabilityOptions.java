package dev.natsaga.framework.config;

import java.time.Duration;

/**
 * Settings of metrics polling and health checks, immutable and validated on {@link Builder#build()}.
 *
 * <pre>{@code
 * ObservabilityOptions o = ObservabilityOptions.builder().healthTimeout(Duration.ofSeconds(1)).build();
 * }</pre>
 */
public final class ObservabilityOptions {

  private final Duration metricsPollInterval;
  private final Duration healthTimeout;
  private final Duration consumerStallAfter;
  private final Duration handlersStuckAfter;

  private ObservabilityOptions(Builder b) {
    this.metricsPollInterval = b.metricsPollInterval;
    this.healthTimeout = b.healthTimeout;
    this.consumerStallAfter = b.consumerStallAfter;
    this.handlersStuckAfter = b.handlersStuckAfter;
  }

  public static ObservabilityOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads {@code NATS_METRICS_POLL_INTERVAL}, {@code NATS_HEALTH_TIMEOUT}, {@code NATS_CONSUMER_STALL_AFTER} and
   * {@code NATS_HANDLERS_STUCK_AFTER}.
   */
  public static ObservabilityOptions from(Settings s) {
    return builder()
        .metricsPollInterval(s.duration("NATS_METRICS_POLL_INTERVAL", Duration.ofSeconds(10)))
        .healthTimeout(s.duration("NATS_HEALTH_TIMEOUT", Duration.ofSeconds(2)))
        .consumerStallAfter(s.duration("NATS_CONSUMER_STALL_AFTER", Duration.ofSeconds(6)))
        .handlersStuckAfter(s.duration("NATS_HANDLERS_STUCK_AFTER", Duration.ofMinutes(5)))
        .build();
  }

  /** How often the JetStream gauges (consumer pending, DLQ messages) are read ({@code NATS_METRICS_POLL_INTERVAL}, default 10s). */
  public Duration metricsPollInterval() {
    return metricsPollInterval;
  }

  /** How long a health check waits for NATS and JetStream to answer ({@code NATS_HEALTH_TIMEOUT}, default 2s). */
  public Duration healthTimeout() {
    return healthTimeout;
  }

  /**
   * How long a consumer may go without a successful pull while messages wait for it before its health is DOWN
   * ({@code NATS_CONSUMER_STALL_AFTER}, default 6s).
   */
  public Duration consumerStallAfter() {
    return consumerStallAfter;
  }

  /**
   * How long every handler thread of a consumer may stay busy with no handler finishing before its health is DOWN
   * ({@code NATS_HANDLERS_STUCK_AFTER}, default 5m): the handlers hang (a lock, a call without a timeout) while
   * messages wait. Set it above the longest a handler may legitimately take.
   */
  public Duration handlersStuckAfter() {
    return handlersStuckAfter;
  }

  /** Builds {@link ObservabilityOptions}. */
  public static final class Builder {
    private Duration metricsPollInterval = Duration.ofSeconds(10);
    private Duration healthTimeout = Duration.ofSeconds(2);
    private Duration consumerStallAfter = Duration.ofSeconds(6);
    private Duration handlersStuckAfter = Duration.ofMinutes(5);

    private Builder() {
    }

    public Builder metricsPollInterval(Duration d) {
      this.metricsPollInterval = d;
      return this;
    }

    public Builder healthTimeout(Duration d) {
      this.healthTimeout = d;
      return this;
    }

    public Builder consumerStallAfter(Duration d) {
      this.consumerStallAfter = d;
      return this;
    }

    public Builder handlersStuckAfter(Duration d) {
      this.handlersStuckAfter = d;
      return this;
    }

    public ObservabilityOptions build() {
      atLeast("NATS_METRICS_POLL_INTERVAL", metricsPollInterval, Duration.ofMillis(100));
      atLeast("NATS_HEALTH_TIMEOUT", healthTimeout, Duration.ofMillis(50));
      atLeast("NATS_CONSUMER_STALL_AFTER", consumerStallAfter, Duration.ofMillis(500));
      atLeast("NATS_HANDLERS_STUCK_AFTER", handlersStuckAfter, Duration.ofMillis(500));
      return new ObservabilityOptions(this);
    }

    private static void atLeast(String name, Duration value, Duration min) {
      if (value == null || value.compareTo(min) < 0) {
        throw new ConfigException(name, String.valueOf(value), "must be at least " + min.toMillis() + "ms, e.g. 5s");
      }
    }
  }
}
