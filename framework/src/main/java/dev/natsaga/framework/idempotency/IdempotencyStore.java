package dev.natsaga.framework.idempotency;

import java.util.concurrent.CompletableFuture;

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

  /**
   * Claims the id only if nothing is stored for it yet, without waiting: completes with true when this caller now owns
   * the id (as after {@link Claim#ACQUIRED}), false when the id has an entry or the store cannot tell in one write, in
   * which case the caller asks {@link #claim}. Lets a consumer send the claims of a whole pull at once
   * ({@link PipelinedClaims}). The default claims nothing and answers false.
   */
  default CompletableFuture<Boolean> claimIfFreeAsync(String consumer, String eventId) {
    return CompletableFuture.completedFuture(false);
  }

  /** Marks the id handled. */
  void complete(String consumer, String eventId) throws Exception;

  /**
   * Marks the id handled without waiting for the store: the middleware acknowledges the message as
   * soon as the mark is sent, so the handler thread makes one round trip per message instead of two.
   * The default waits ({@link #complete}); a store that can write asynchronously overrides it.
   */
  default CompletableFuture<Void> completeAsync(String consumer, String eventId) {
    try {
      complete(consumer, eventId);
      return CompletableFuture.completedFuture(null);
    } catch (Exception e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Gives the claim up after a failure, so a redelivery may claim it again. */
  void release(String consumer, String eventId) throws Exception;
}
