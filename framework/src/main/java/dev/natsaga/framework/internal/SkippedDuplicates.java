package dev.natsaga.framework.internal;

/**
 * Lets the idempotency middleware tell the message processor, on the handling thread, that it acknowledged a
 * duplicate without running the handler, so the outcome is counted as {@link Outcome.Kind#SKIPPED_DUPLICATE}.
 */
public final class SkippedDuplicates {

  private static final ThreadLocal<Boolean> SKIPPED = new ThreadLocal<>();

  private SkippedDuplicates() {
  }

  /** Called by the middleware that skipped the handler. */
  public static void mark() {
    SKIPPED.set(Boolean.TRUE);
  }

  /** Whether the handler was skipped since the last call; clears the mark. */
  static boolean take() {
    boolean skipped = SKIPPED.get() != null;
    if (skipped) {
      SKIPPED.remove();
    }
    return skipped;
  }
}
