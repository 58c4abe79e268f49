package dev.natsaga.saga.store;

/** A saga of this type with this caller key already exists; the engine turns this into "return the existing id". */
public final class DuplicateSagaException extends SagaStoreException {

  private static final long serialVersionUID = 1L;

  public DuplicateSagaException(String message, Throwable cause) {
    super(message, cause);
  }
}
