package dev.natsaga.framework;

/**
 * A handler failure that retrying cannot fix (invalid business data, a rule violation): the message
 * goes to the dead-letter stream at once, with this exception's message as the error.
 */
public class NonRetryableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public NonRetryableException(String message) {
    super(message);
  }

  public NonRetryableException(String message, Throwable cause) {
    super(message, cause);
  }
}
