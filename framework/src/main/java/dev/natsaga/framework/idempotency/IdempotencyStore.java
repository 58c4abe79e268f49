package dev.natsaga.framework.idempotency;

/**
 * Remembers which event ids a consumer has handled, across instances and restarts.
 *
 * <p>{@link #claim} is atomic: of two instances claiming the same id at once, one gets
 * {@link Claim#ACQUIRED}; the other sees {@link Claim#IN_PROGRESS} (retry later) or, once the first
 * has finished, {@link Claim#DONE} (skip).
 */
public interface IdempotencyStore {

  /** The outcome of a claim. */
  enum Claim {
    /** This caller owns the id and must run the handler, then {@link #complete} or {@link #release}. */
    ACQUIRED,
    /** Another instance is handling the id right now. */
    IN_PROGRESS,
    /** The id was handled already. */
    DONE
  }

  Claim claim(String consumer, String eventId) throws Exception;

  /** Marks the id handled. */
  void complete(String consumer, String eventId) throws Exception;

  /** Gives the claim up after a failure, so a redelivery may claim it again. */
  void release(String consumer, String eventId) throws Exception;
}
