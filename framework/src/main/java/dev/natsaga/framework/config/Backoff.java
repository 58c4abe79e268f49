package dev.natsaga.framework.config;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter: attempt 1 waits about {@code initial}, each next attempt doubles,
 * capped at {@code max}; the actual delay is drawn from [50 %, 100 %] of that value ("equal jitter"),
 * so retries from many instances spread out but the delay still grows with every attempt.
 */
public record Backoff(Duration initial, Duration max) {

  /** The delay before retry number {@code attempt} (1-based). */
  public Duration delay(long attempt) {
    long base = ceiling(attempt);
    long half = base / 2;
    return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
  }

  /** The un-jittered delay for {@code attempt}: initial × 2^(attempt-1), capped at max. */
  public long ceiling(long attempt) {
    long initialMs = Math.max(1, initial.toMillis());
    int shift = (int) Math.min(Math.max(attempt - 1, 0), 30);
    long value = initialMs << shift;
    return Math.min(value < 0 ? Long.MAX_VALUE : value, max.toMillis());
  }
}
