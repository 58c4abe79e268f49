package dev.natsaga.eventstore;

import java.time.Instant;
import java.util.Objects;

/**
 * Where a replay or projection starts reading a domain's stream.
 *
 * <pre>{@code
 * StartPosition.beginning();
 * StartPosition.sequence(1200);                              // stream sequence 1200 and after
 * StartPosition.time(Instant.parse("2026-12-01T00:00:00Z")); // events stored at or after that time
 * }</pre>
 */
public final class StartPosition {

  private final long sequence;
  private final Instant time;

  private StartPosition(long sequence, Instant time) {
    this.sequence = sequence;
    this.time = time;
  }

  public static StartPosition beginning() {
    return new StartPosition(1, null);
  }

  /** From stream sequence {@code sequence} (inclusive, at least 1). */
  public static StartPosition sequence(long sequence) {
    if (sequence < 1) {
      throw new IllegalArgumentException("start sequence " + sequence + " must be at least 1 (stream sequences start at 1)");
    }
    return new StartPosition(sequence, null);
  }

  /** From the first event stored at or after {@code time}. */
  public static StartPosition time(Instant time) {
    return new StartPosition(0, Objects.requireNonNull(time, "time"));
  }

  /** The start sequence, or 0 when the start is a time. */
  public long sequence() {
    return sequence;
  }

  /** The start time, or null when the start is a sequence. */
  public Instant time() {
    return time;
  }

  @Override
  public String toString() {
    return time != null ? "time " + time : "sequence " + sequence;
  }
}
