package dev.natsaga.framework;

/** A publish that failed after its retries; the message names the subject and the cause. */
public final class PublishException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public PublishException(String message, Throwable cause) {
    super(message, cause);
  }
}
