package dev.natsaga.console.internal;

import dev.natsaga.console.ConsoleRole;
import dev.natsaga.console.ConsoleUsers;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every request: find the route, authenticate (session cookie, or {@code Authorization: Bearer} for {@code /api/}),
 * check the CSRF token of a browser post and the role of an action, then run the page. Failures become an error
 * page (or JSON for the API) with the status and a message; unexpected ones are logged once, without the payload.
 */
final class Dispatcher extends Handler.Abstract {

  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

  private final Router router;
  private final Sessions sessions;
  private final ConsoleUsers users;

  Dispatcher(Router router, Sessions sessions, ConsoleUsers users) {
    this.router = router;
    this.sessions = sessions;
    this.users = users;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    Exchange x = new Exchange(request, response, callback);
    boolean api = x.path().startsWith("/api/");
    try {
      Router.Match match = router.find(x.method(), x.path()).orElseThrow(() -> router.knowsPath(x.path())
          ? new HttpFailure(405, x.method() + " is not allowed on " + x.path())
          : HttpFailure.notFound("no page at " + x.path()));
      Route.Access access = match.route().access();
      if (access != Route.Access.PUBLIC && !authenticate(x, api)) {
        return true;
      }
      if (access == Route.Access.ACT) {
        authorizeAction(x, api);
      } else if (access == Route.Access.READ && x.method().equals("POST") && !api) {
        requireCsrf(x);
      }
      match.route().handler().handle(x, match.path());
    } catch (HttpFailure f) {
      fail(x, api, f.status(), f.getMessage());
    } catch (Exception e) {
      LOG.warn("console {} {} failed: {}", x.method(), x.path(), e.toString());
      fail(x, api, 500, e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    return true;
  }

  /** @return false when the request was answered (sent to sign-in, or 401) */
  private boolean authenticate(Exchange x, boolean api) {
    if (api) {
      String auth = x.header(HttpHeader.AUTHORIZATION).orElse("");
      if (auth.startsWith("Bearer ")) {
        users.byToken(auth.substring(7).strip()).map(Sessions::bearer).ifPresent(x::session);
      }
    }
    if (x.session() == null) {
      sessions.find(x.cookie(Sessions.COOKIE).orElse(null)).ifPresent(x::session);
    }
    if (x.session() != null) {
      return true;
    }
    if (api || x.method().equals("POST")) {
      fail(x, api, 401, "sign in first (a session cookie, or Authorization: Bearer <token> for /api/)");
    } else {
      x.redirect("/login?next=" + Html.url(x.path()));
    }
    return false;
  }

  private void authorizeAction(Exchange x, boolean api) {
    boolean bearer = api && x.session().csrf() == null;
    if (!bearer) {
      requireCsrf(x);
    }
    if (x.session().user().role() != ConsoleRole.OPERATOR) {
      throw HttpFailure.forbidden("user " + x.session().user().name() + " is " + x.session().user().role().label()
          + "; only an operator may " + x.method() + " " + x.path());
    }
  }

  private static void requireCsrf(Exchange x) {
    if (!Sessions.csrfMatches(x.session(), x.param("csrf").orElse(null))) {
      throw HttpFailure.forbidden("the form's CSRF token is missing or wrong; reload the page and try again");
    }
  }

  private static void fail(Exchange x, boolean api, int status, String message) {
    if (api) {
      x.json(status, "{\"error\":" + JsonText.write(message) + "}");
    } else {
      x.html(status, Html.page("Error " + status, x.session(),
          "<p class=\"error\" id=\"error\">" + Html.esc(message) + "</p><p><a href=\"/sagas\">Back to the sagas</a></p>"));
    }
  }
}
