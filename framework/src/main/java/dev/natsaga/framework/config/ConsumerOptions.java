package dev.natsaga.framework.config;

import java.time.Duration;

/**
 * Defaults for durable consumers; a handler registration may override each.
 *
 * @param maxDeliver deliveries before a failing message is dead-lettered ({@code NATS_CONSUMER_MAX_DELIVER}, default 5)
 * @param ackWait how long a delivery may stay unacknowledged before redelivery ({@code NATS_CONSUMER_ACK_WAIT}, default 30s;
 *     long handlers are kept alive with {@code inProgress})
 * @param maxAckPending unacknowledged messages per consumer ({@code NATS_CONSUMER_MAX_ACK_PENDING}, default 1000)
 * @param concurrency handler threads per consumer and instance ({@code NATS_CONSUMER_CONCURRENCY}, default 4)
 * @param backoffInitial first retry delay after a handler failure ({@code NATS_CONSUMER_BACKOFF_INITIAL}, default 500ms)
 * @param backoffMax the longest retry delay ({@code NATS_CONSUMER_BACKOFF_MAX}, default 60s)
 */
public record ConsumerOptions(int maxDeliver, Duration ackWait, int maxAckPending, int concurrency,
    Duration backoffInitial, Duration backoffMax) {

  public ConsumerOptions {
    if (maxDeliver < 1) {
      throw new ConfigException("NATS_CONSUMER_MAX_DELIVER", String.valueOf(maxDeliver), "must be at least 1");
    }
    if (ackWait.toMillis() < 1000) {
      throw new ConfigException("NATS_CONSUMER_ACK_WAIT", ackWait.toString(), "must be at least 1s");
    }
    if (maxAckPending < 1) {
      throw new ConfigException("NATS_CONSUMER_MAX_ACK_PENDING", String.valueOf(maxAckPending), "must be at least 1");
    }
    if (concurrency < 1 || concurrency > 256) {
      throw new ConfigException("NATS_CONSUMER_CONCURRENCY", String.valueOf(concurrency), "must be between 1 and 256");
    }
    if (backoffInitial.isZero() || backoffMax.compareTo(backoffInitial) < 0) {
      throw new ConfigException("NATS_CONSUMER_BACKOFF_MAX", backoffMax.toString(), "must be at least NATS_CONSUMER_BACKOFF_INITIAL (" + backoffInitial + "), which must be positive");
    }
  }

  public static ConsumerOptions defaults() {
    return new ConsumerOptions(5, Duration.ofSeconds(30), 1000, 4, Duration.ofMillis(500), Duration.ofSeconds(60));
  }

  /** Reads the {@code NATS_CONSUMER_*} settings. */
  public static ConsumerOptions from(Settings s) {
    ConsumerOptions d = defaults();
    return new ConsumerOptions(
        s.integer("NATS_CONSUMER_MAX_DELIVER", d.maxDeliver, 1, 1000),
        s.duration("NATS_CONSUMER_ACK_WAIT", d.ackWait),
        s.integer("NATS_CONSUMER_MAX_ACK_PENDING", d.maxAckPending, 1, 1_000_000),
        s.integer("NATS_CONSUMER_CONCURRENCY", d.concurrency, 1, 256),
        s.duration("NATS_CONSUMER_BACKOFF_INITIAL", d.backoffInitial),
        s.duration("NATS_CONSUMER_BACKOFF_MAX", d.backoffMax));
  }

  public ConsumerOptions withMaxDeliver(int n) {
    return new ConsumerOptions(n, ackWait, maxAckPending, concurrency, backoffInitial, backoffMax);
  }

  public ConsumerOptions withConcurrency(int n) {
    return new ConsumerOptions(maxDeliver, ackWait, maxAckPending, n, backoffInitial, backoffMax);
  }

  public ConsumerOptions withBackoff(Duration initial, Duration max) {
    return new ConsumerOptions(maxDeliver, ackWait, maxAckPending, concurrency, initial, max);
  }

  public ConsumerOptions withAckWait(Duration wait) {
    return new ConsumerOptions(maxDeliver, wait, maxAckPending, concurrency, backoffInitial, backoffMax);
  }

  public ConsumerOptions withMaxAckPending(int n) {
    return new ConsumerOptions(maxDeliver, ackWait, n, concurrency, backoffInitial, backoffMax);
  }
}
