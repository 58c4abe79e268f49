package dev.natsaga.framework.idempotency;

/** Thrown when another instance is handling the same event id right now: redeliver later. */
public final class RetryLaterException extends Exception {

  private static final long serialVersionUID = 1L;

  public RetryLaterException(String message) {
    super(message);
  }
}
