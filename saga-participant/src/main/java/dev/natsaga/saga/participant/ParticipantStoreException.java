package dev.natsaga.saga.participant;

/**
 * The participant's own database failed: migrating its table, or purging recorded commands. The message names the
 * participant and the operation.
 */
public final class ParticipantStoreException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ParticipantStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
