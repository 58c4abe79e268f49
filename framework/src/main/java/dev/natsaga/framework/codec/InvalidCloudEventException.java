package dev.natsaga.framework.codec;

/** A NATS message that is not a valid CloudEvent; the message says what is wrong. */
public final class InvalidCloudEventException extends Exception {

  private static final long serialVersionUID = 1L;

  public InvalidCloudEventException(String message) {
    super(message);
  }

  public InvalidCloudEventException(String message, Throwable cause) {
    super(message, cause);
  }
}
