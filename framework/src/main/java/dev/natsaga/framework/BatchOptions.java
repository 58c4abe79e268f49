package dev.natsaga.framework;

import java.time.Duration;

/**
 * How a {@link BatchHandler}'s batches are formed: a batch is handed over when it has {@code maxBatch} events, or
 * {@code maxWait} after its first event arrived, whichever comes first, or at once when every message the consumer
 * holds is already in a batch: under light load a batch holds one event and goes without waiting.
 *
 * @param maxBatch the most events per batch, 1..256 (default 64); the handler's consumer gets at least this many
 *     handler threads, and its {@code maxAckPending} bounds the batch too
 * @param maxWait how long the first event of a batch waits for others, 0..10 s (default 5 ms)
 */
public record BatchOptions(int maxBatch, Duration maxWait) {

  /** 64 events, 5 ms. */
  public static final BatchOptions DEFAULTS = new BatchOptions(64, Duration.ofMillis(5));

  public BatchOptions {
    if (maxBatch < 1 || maxBatch > 256) {
      throw new IllegalArgumentException("maxBatch of a batch handler must be between 1 and 256, got " + maxBatch);
    }
    if (maxWait == null || maxWait.isNegative() || maxWait.compareTo(Duration.ofSeconds(10)) > 0) {
      throw new IllegalArgumentException("maxWait of a batch handler must be between 0 and 10 s, got " + maxWait);
    }
  }
}
