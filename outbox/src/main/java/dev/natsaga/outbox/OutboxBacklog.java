package dev.natsaga.outbox;

import java.time.Duration;
import java.time.Instant;

/**
 * What the relay has not published yet: how many rows and when the oldest was written (null when none), for health
 * checks and metrics.
 *
 * @param unpublished rows not yet published
 * @param oldest      when the oldest unpublished row was written, or null
 */
public record OutboxBacklog(long unpublished, Instant oldest) {

  /** @return how long the oldest unpublished row has waited at {@code now} (zero when there is none) */
  public Duration oldestAge(Instant now) {
    return oldest == null || oldest.isAfter(now) ? Duration.ZERO : Duration.between(oldest, now);
  }
}
