package dev.natsaga.saga;

/**
 * An {@link OutcomeHook} threw: the saga's final transaction was rolled back and the reply or deadline that ended
 * the saga is retried. The message names the saga, the hook and the cause.
 */
public final class SagaOutcomeHookException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public SagaOutcomeHookException(String message, Throwable cause) {
    super(message, cause);
  }
}
