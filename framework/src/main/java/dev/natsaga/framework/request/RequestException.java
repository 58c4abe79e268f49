package dev.natsaga.framework.request;

/** A request that got no reply: no responder, or none within the timeout; the message names the subject. */
public final class RequestException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public RequestException(String message, Throwable cause) {
    super(message, cause);
  }
}
