package dev.natsaga.saga;

import java.util.UUID;

/** No saga instance has the given id. */
public final class SagaNotFoundException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public SagaNotFoundException(UUID sagaId) {
    super("no saga with id " + sagaId);
  }
}
