package dev.natsaga.framework.internal;

import java.time.Duration;

/** What a circuit breaker may do to its consumer's pulling (implemented by {@link DurableConsumer}). */
public interface PullControl {

  /** Stops asking the server for messages; the ones already delivered are still dispatched. */
  void pausePulling();

  /** Pulls again after {@link #pausePulling()}. */
  void resumePulling();

  /** Fetches one message (waiting up to {@code wait}) and hands it to the handler threads like a delivered one. */
  Fetch pullOne(Duration wait);

  /** What {@link #pullOne} did. */
  enum Fetch {
    /** A message was handed to the handler threads. */
    DISPATCHED,
    /** Nothing was waiting. */
    NONE_WAITING,
    /** The fetch failed (e.g. NATS unreachable); try again later. */
    FAILED
  }
}
