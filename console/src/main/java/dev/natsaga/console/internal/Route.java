package dev.natsaga.console.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One route: method, path pattern (groups are the path parameters), who may call it and what answers.
 *
 * @param method  GET or POST
 * @param path    the full path as a regular expression
 * @param access  who may call it
 * @param handler what answers
 */
record Route(String method, Pattern path, Access access, Handler handler) {

  /** Who may call a route. */
  enum Access {
    /** Anyone (sign-in page, assets). */
    PUBLIC,
    /** Any signed-in user. */
    READ,
    /** Operators only; a browser post must carry the session's CSRF token. */
    ACT
  }

  /** Answers a matched request. */
  @FunctionalInterface
  interface Handler {
    void handle(Exchange exchange, Matcher path) throws Exception;
  }

  Matcher match(String method, String requestPath) {
    if (!this.method.equals(method)) {
      return null;
    }
    Matcher m = path.matcher(requestPath);
    return m.matches() ? m : null;
  }
}
