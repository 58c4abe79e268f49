package dev.natsaga.sample.support;

/** An HTTP error answered as {@code {"error": message}} with the given status. */
public class HttpError extends RuntimeException {

  private static final long serialVersionUID = 1L;
  private final int status;

  public HttpError(int status, String message) {
    super(message);
    this.status = status;
  }

  public int status() {
    return status;
  }

  /** 400: the request body is malformed or a field is missing or invalid. */
  public static HttpError badRequest(String message) {
    return new HttpError(400, message);
  }

  /** 404: no such resource. */
  public static HttpError notFound(String message) {
    return new HttpError(404, message);
  }
}
