package dev.natsaga.framework.codec;

/** Event data that does not bind to the handler's payload class. */
public final class PayloadBindingException extends Exception {

  private static final long serialVersionUID = 1L;

  public PayloadBindingException(String message) {
    super(message);
  }

  public PayloadBindingException(String message, Throwable cause) {
    super(message, cause);
  }
}
