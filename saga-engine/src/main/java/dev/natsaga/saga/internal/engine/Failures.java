package dev.natsaga.saga.internal.engine;

/** Turns exceptions from user code into one-line step-log messages. */
final class Failures {

  private Failures() {
  }

  static String describe(Throwable e) {
    String message = e.getMessage();
    String type = e.getClass().getSimpleName();
    return message == null || message.isBlank() ? type : type + ": " + message;
  }
}
