package dev.natsaga.eventstore;

/** An event store operation failed: the message names the aggregate, the stream or the setting involved. */
public class EventStoreException extends RuntimeException {

  public EventStoreException(String message) {
    super(message);
  }

  public EventStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
