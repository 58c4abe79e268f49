package dev.natsaga.outbox;

/** The outbox's database failed: writing an event, migrating the table, reading or marking rows. The message says which. */
public final class OutboxException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public OutboxException(String message, Throwable cause) {
    super(message, cause);
  }
}
