package dev.natsaga.framework;

/** A publish that failed after its retries, or was refused before sending; the message names the subject or type and the cause. */
public class PublishException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public PublishException(String message, Throwable cause) {
    super(message, cause);
  }
}
