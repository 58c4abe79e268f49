package dev.natsaga.console.internal;

/** Ends a request with a status and a message shown to the user (escaped), e.g. 400 naming the field, 403, 404. */
final class HttpFailure extends RuntimeException {

  private final int status;

  HttpFailure(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  int status() {
    return status;
  }

  static HttpFailure badRequest(String message) {
    return new HttpFailure(400, message);
  }

  static HttpFailure forbidden(String message) {
    return new HttpFailure(403, message);
  }

  static HttpFailure notFound(String message) {
    return new HttpFailure(404, message);
  }

  static HttpFailure conflict(String message) {
    return new HttpFailure(409, message);
  }
}
