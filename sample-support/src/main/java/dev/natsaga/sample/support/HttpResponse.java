package dev.natsaga.sample.support;

/**
 * A status and a body that is serialized as JSON (or, for a {@link Text} body, written as is).
 *
 * @param status the HTTP status
 * @param body any Jackson-serializable value, or {@link Text}
 */
public record HttpResponse(int status, Object body) {

  public static HttpResponse ok(Object body) {
    return new HttpResponse(200, body);
  }

  public static HttpResponse accepted(Object body) {
    return new HttpResponse(202, body);
  }

  /** A 200 with a non-JSON body, e.g. Prometheus text. */
  public static HttpResponse text(String content, String contentType) {
    return new HttpResponse(200, new Text(content, contentType));
  }

  /** A body written as is with its own content type. */
  public record Text(String content, String contentType) {
  }
}
