package dev.natsaga.saga.store;

/** The saga store failed; the message names the operation and the saga where known. */
public class SagaStoreException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public SagaStoreException(String message) {
    super(message);
  }

  public SagaStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
