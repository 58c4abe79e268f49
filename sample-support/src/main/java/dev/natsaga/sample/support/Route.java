package dev.natsaga.sample.support;

import java.util.HashMap;
import java.util.Map;

/**
 * A method and a path pattern such as {@code /bookings/{bookingId}}; path variables are matched as
 * one non-empty segment each.
 */
final class Route {

  private final String method;
  private final String[] segments;
  private final Handler handler;

  Route(String method, String pattern, Handler handler) {
    this.method = method;
    this.segments = pattern.substring(1).split("/", -1);
    this.handler = handler;
  }

  String method() {
    return method;
  }

  Handler handler() {
    return handler;
  }

  /** The path variables when {@code path} matches, else null. */
  Map<String, String> match(String path) {
    String[] parts = path.substring(1).split("/", -1);
    if (parts.length != segments.length) {
      return null;
    }
    Map<String, String> vars = new HashMap<>();
    for (int i = 0; i < parts.length; i++) {
      String s = segments[i];
      if (s.startsWith("{") && s.endsWith("}")) {
        if (parts[i].isEmpty()) {
          return null;
        }
        vars.put(s.substring(1, s.length() - 1), parts[i]);
      } else if (!s.equals(parts[i])) {
        return null;
      }
    }
    return vars;
  }

  /** Handles one matched request. */
  @FunctionalInterface
  public interface Handler {
    HttpResponse handle(HttpRequest request) throws Exception;
  }
}
