package dev.natsaga.sample.support;

import java.util.Map;

/**
 * A matched request: its path variables and raw body.
 *
 * @param pathVariables values of the route's {@code {name}} segments
 * @param body the request body (empty when none)
 */
public record HttpRequest(Map<String, String> pathVariables, byte[] body) {

  public String path(String name) {
    return pathVariables.get(name);
  }

  /** The body as a validated JSON object. */
  public JsonBody json() {
    return JsonBody.parse(body);
  }
}
