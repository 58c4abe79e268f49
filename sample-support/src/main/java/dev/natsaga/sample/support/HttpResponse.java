package dev.natsaga.sample.support;

/**
 * A status and a body that is serialized as JSON.
 *
 * @param status the HTTP status
 * @param body any Jackson-serializable value
 */
public record HttpResponse(int status, Object body) {

  public static HttpResponse ok(Object body) {
    return new HttpResponse(200, body);
  }

  public static HttpResponse accepted(Object body) {
    return new HttpResponse(202, body);
  }
}
