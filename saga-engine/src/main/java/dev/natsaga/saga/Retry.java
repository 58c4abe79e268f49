package dev.natsaga.saga;

import java.time.Duration;
import java.util.Objects;

/**
 * How often an attempt is made, and how long to wait between attempts. {@code maxAttempts} counts
 * every attempt including the first: {@code Retry.exponential(3, 200ms)} tries at most three times,
 * waiting 200 ms then 400 ms. Delays are deterministic (no jitter) and capped by {@link #maxDelay()}.
 *
 * <pre>{@code
 * .retry(Retry.exponential(3, Duration.ofMillis(200)))
 * .compensationRetry(Retry.fixed(10, Duration.ofSeconds(5)))
 * }</pre>
 */
public final class Retry {

  private static final Duration DEFAULT_MAX_DELAY = Duration.ofMinutes(5);

  /** Default for compensations: 5 attempts, 1 s, 2 s, 4 s, 8 s apart (capped at 1 minute). */
  public static final Retry DEFAULT_COMPENSATION = exponential(5, Duration.ofSeconds(1)).withMaxDelay(Duration.ofMinutes(1));

  private final int maxAttempts;
  private final Duration initialDelay;
  private final double multiplier;
  private final Duration maxDelay;

  private Retry(int maxAttempts, Duration initialDelay, double multiplier, Duration maxDelay) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1 (it counts the first attempt), got " + maxAttempts);
    }
    Objects.requireNonNull(initialDelay, "initialDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    if (initialDelay.isNegative() || maxDelay.isNegative()) {
      throw new IllegalArgumentException("retry delays must not be negative");
    }
    this.maxAttempts = maxAttempts;
    this.initialDelay = initialDelay;
    this.multiplier = multiplier;
    this.maxDelay = maxDelay;
  }

  /** @return a single attempt, no retry. */
  public static Retry none() {
    return new Retry(1, Duration.ZERO, 1.0, Duration.ZERO);
  }

  /** @return up to {@code maxAttempts} attempts, {@code delay} apart. */
  public static Retry fixed(int maxAttempts, Duration delay) {
    return new Retry(maxAttempts, delay, 1.0, delay);
  }

  /** @return up to {@code maxAttempts} attempts, the delay doubling from {@code initialDelay} (capped at 5 minutes). */
  public static Retry exponential(int maxAttempts, Duration initialDelay) {
    return new Retry(maxAttempts, initialDelay, 2.0, DEFAULT_MAX_DELAY);
  }

  /** @return a copy whose delays never exceed {@code cap}. */
  public Retry withMaxDelay(Duration cap) {
    return new Retry(maxAttempts, initialDelay, multiplier, Objects.requireNonNull(cap, "cap"));
  }

  public int maxAttempts() {
    return maxAttempts;
  }

  public Duration maxDelay() {
    return maxDelay;
  }

  /** @return true when attempt number {@code attempt} (1-based) is still allowed. */
  public boolean allows(int attempt) {
    return attempt <= maxAttempts;
  }

  /** @return the wait before attempt number {@code attempt} (2 = first retry); zero for the first attempt. */
  public Duration delayBefore(int attempt) {
    if (attempt <= 1) {
      return Duration.ZERO;
    }
    double millis = initialDelay.toMillis() * Math.pow(multiplier, attempt - 2.0);
    return millis >= maxDelay.toMillis() ? maxDelay : Duration.ofMillis((long) millis);
  }

  @Override
  public String toString() {
    return "Retry[maxAttempts=" + maxAttempts + ", initialDelay=" + initialDelay + ", multiplier=" + multiplier
        + ", maxDelay=" + maxDelay + "]";
  }
}
