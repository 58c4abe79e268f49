package dev.natsaga.sample.support;

import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A matched request: its path variables, raw body and headers.
 *
 * @param pathVariables values of the route's {@code {name}} segments
 * @param body the request body (empty when none)
 * @param headers the first value of a request header by name (case-insensitive), or null when absent
 */
public record HttpRequest(Map<String, String> pathVariables, byte[] body, UnaryOperator<String> headers) {

  /** A request without headers. */
  public HttpRequest(Map<String, String> pathVariables, byte[] body) {
    this(pathVariables, body, name -> null);
  }

  public String path(String name) {
    return pathVariables.get(name);
  }

  /** The first value of header {@code name} (case-insensitive), or null when the request has none. */
  public String header(String name) {
    return headers.apply(name);
  }

  /** The body as a validated JSON object. */
  public JsonBody json() {
    return JsonBody.parse(body);
  }
}
