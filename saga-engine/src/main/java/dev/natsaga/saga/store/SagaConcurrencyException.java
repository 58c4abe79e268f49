package dev.natsaga.saga.store;

/**
 * Another transaction changed the saga first (optimistic lock: the expected {@code lock_version} no
 * longer matched, or the database reported a write conflict). Reload and re-apply, or retry later.
 */
public final class SagaConcurrencyException extends SagaStoreException {

  private static final long serialVersionUID = 1L;

  public SagaConcurrencyException(String message) {
    super(message);
  }

  public SagaConcurrencyException(String message, Throwable cause) {
    super(message, cause);
  }
}
