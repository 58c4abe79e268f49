package dev.natsaga.console.internal;

import dev.natsaga.console.ConsoleUser;
import dev.natsaga.console.ConsoleUsers;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sign-in by name and password or by token, and sign-out. */
final class SignIn {

  private static final Logger LOG = LoggerFactory.getLogger(SignIn.class);

  private final ConsoleUsers users;
  private final Sessions sessions;

  SignIn(ConsoleUsers users, Sessions sessions) {
    this.users = users;
    this.sessions = sessions;
  }

  void routes(Router r) {
    r.get("/", Route.Access.PUBLIC, (x, m) -> x.redirect("/sagas"));
    r.get("/login", Route.Access.PUBLIC, (x, m) -> form(x, 200, null));
    r.post("/login", Route.Access.PUBLIC, (x, m) -> signIn(x));
    r.post("/logout", Route.Access.READ, (x, m) -> {
      sessions.close(x.session().id());
      x.setCookie(Sessions.COOKIE, "", 0);
      x.redirect("/login");
    });
  }

  private void signIn(Exchange x) {
    Optional<ConsoleUser> user = x.param("token").isPresent()
        ? users.byToken(x.param("token").get())
        : users.byPassword(x.paramOr("user", ""), x.paramOr("password", ""));
    if (user.isEmpty()) {
      LOG.info("console sign-in refused for '{}'", x.param("token").isPresent() ? "(token)" : x.paramOr("user", ""));
      form(x, 401, "Wrong name, password or token.");
      return;
    }
    Session s = sessions.open(user.get());
    LOG.info("console sign-in: {}", user.get());
    x.setCookie(Sessions.COOKIE, s.id(), Sessions.LENGTH.toSeconds());
    x.redirect(safeNext(x.paramOr("next", "/sagas")));
  }

  /** Only a path on this site: never another origin ({@code //host} or a scheme). */
  private static String safeNext(String next) {
    return next.startsWith("/") && !next.startsWith("//") && !next.contains("\\") ? next : "/sagas";
  }

  private static void form(Exchange x, int status, String error) {
    String next = safeNext(x.paramOr("next", "/sagas"));
    String body = (error == null ? "" : Html.notice("error", error))
        + "<form method=\"post\" action=\"/login\" class=\"card\" id=\"login-password\">"
        + "<input type=\"hidden\" name=\"next\" value=\"" + Html.esc(next) + "\">"
        + "<label>Name <input name=\"user\" id=\"user\" autocomplete=\"username\" required></label>"
        + "<label>Password <input name=\"password\" id=\"password\" type=\"password\" autocomplete=\"current-password\" required></label>"
        + "<button type=\"submit\" id=\"sign-in\">Sign in</button></form>"
        + "<form method=\"post\" action=\"/login\" class=\"card\" id=\"login-token\">"
        + "<input type=\"hidden\" name=\"next\" value=\"" + Html.esc(next) + "\">"
        + "<label>Token <input name=\"token\" id=\"token\" type=\"password\" required></label>"
        + "<button type=\"submit\" id=\"sign-in-token\">Sign in with a token</button></form>";
    x.html(status, Html.page("Sign in", null, body));
  }
}
