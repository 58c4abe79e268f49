package dev.natsaga.framework.config;

import dev.natsaga.framework.ContentMode;
import java.time.Duration;

/**
 * How events are published.
 *
 * @param contentMode structured (default) or binary ({@code NATS_CONTENT_MODE})
 * @param maxInFlight asynchronous publishes awaiting their ack before callers wait ({@code NATS_PUBLISH_MAX_IN_FLIGHT}, default 2048)
 * @param attempts tries per publish for transient failures ({@code NATS_PUBLISH_ATTEMPTS}, default 10: about 20 s of retries, longer than a stream leader election)
 * @param retryInitial first retry delay, doubled each time with jitter ({@code NATS_PUBLISH_RETRY_INITIAL}, default 100ms)
 * @param retryMax the longest retry delay ({@code NATS_PUBLISH_RETRY_MAX}, default 5s)
 * @param ackTimeout how long one attempt waits for the stream's ack ({@code NATS_PUBLISH_TIMEOUT}, default 5s)
 */
public record PublisherOptions(ContentMode contentMode, int maxInFlight, int attempts, Duration retryInitial,
    Duration retryMax, Duration ackTimeout) {

  public PublisherOptions {
    if (maxInFlight < 1) {
      throw new ConfigException("NATS_PUBLISH_MAX_IN_FLIGHT", String.valueOf(maxInFlight), "must be at least 1");
    }
    if (attempts < 1) {
      throw new ConfigException("NATS_PUBLISH_ATTEMPTS", String.valueOf(attempts), "must be at least 1");
    }
    if (retryInitial.isZero() || retryMax.compareTo(retryInitial) < 0) {
      throw new ConfigException("NATS_PUBLISH_RETRY_MAX", retryMax.toString(), "must be at least NATS_PUBLISH_RETRY_INITIAL, which must be positive");
    }
    if (ackTimeout.toMillis() < 100) {
      throw new ConfigException("NATS_PUBLISH_TIMEOUT", ackTimeout.toString(), "must be at least 100ms");
    }
  }

  public static PublisherOptions defaults() {
    return new PublisherOptions(ContentMode.STRUCTURED, 2048, 10, Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofSeconds(5));
  }

  /** Reads the {@code NATS_PUBLISH_*} and {@code NATS_CONTENT_MODE} settings. */
  public static PublisherOptions from(Settings s) {
    PublisherOptions d = defaults();
    return new PublisherOptions(
        s.enumValue("NATS_CONTENT_MODE", ContentMode.class, d.contentMode),
        s.integer("NATS_PUBLISH_MAX_IN_FLIGHT", d.maxInFlight, 1, 1_000_000),
        s.integer("NATS_PUBLISH_ATTEMPTS", d.attempts, 1, 100),
        s.duration("NATS_PUBLISH_RETRY_INITIAL", d.retryInitial),
        s.duration("NATS_PUBLISH_RETRY_MAX", d.retryMax),
        s.duration("NATS_PUBLISH_TIMEOUT", d.ackTimeout));
  }

  public PublisherOptions withContentMode(ContentMode mode) {
    return new PublisherOptions(mode, maxInFlight, attempts, retryInitial, retryMax, ackTimeout);
  }

  public PublisherOptions withMaxInFlight(int n) {
    return new PublisherOptions(contentMode, n, attempts, retryInitial, retryMax, ackTimeout);
  }

  public PublisherOptions withAttempts(int n, Duration initial, Duration max) {
    return new PublisherOptions(contentMode, maxInFlight, n, initial, max, ackTimeout);
  }
}
