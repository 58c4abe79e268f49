package dev.natsaga.saga.store;

/** What the engine does when a saga's persisted deadline passes. */
public enum DeadlineKind {
  /** A command was sent and no reply came in time: the attempt timed out. */
  REPLY_TIMEOUT,
  /** A retry was scheduled after a backoff: run the next attempt. */
  RETRY
}
