package dev.natsaga.console.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The routes of the console, matched in the order they were added. */
final class Router {

  /** A route and the path it matched. */
  record Match(Route route, Matcher path) {
  }

  private final List<Route> routes = new ArrayList<>();

  Router get(String path, Route.Access access, Route.Handler handler) {
    routes.add(new Route("GET", Pattern.compile(path), access, handler));
    return this;
  }

  Router post(String path, Route.Access access, Route.Handler handler) {
    routes.add(new Route("POST", Pattern.compile(path), access, handler));
    return this;
  }

  Optional<Match> find(String method, String path) {
    for (Route r : routes) {
      Matcher m = r.match(method, path);
      if (m != null) {
        return Optional.of(new Match(r, m));
      }
    }
    return Optional.empty();
  }

  boolean knowsPath(String path) {
    return routes.stream().anyMatch(r -> r.path().matcher(path).matches());
  }
}
