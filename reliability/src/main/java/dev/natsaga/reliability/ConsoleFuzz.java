package dev.natsaga.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Hostile requests to the operations console the booking service embeds in the fuzz run (module {@code console}):
 * <ul>
 *   <li>{@code console-no-credentials}: every page, API and action without a session: pages send to sign-in (303 to
 *       {@code /login}), the API and posts answer 401, and nothing of the data is in the answer;</li>
 *   <li>{@code console-forged-session}: random, empty, oversized, traversal-like and signed-out session cookies, forged
 *       and read-only bearer tokens; wrong passwords and names (no session cookie may be set);</li>
 *   <li>{@code console-csrf}: a signed-in operator's state-changing posts without, with a wrong, an empty or another
 *       session's CSRF token, with and without a cross-origin {@code Origin}; and a read-only user's with a valid
 *       token: all 403 (401 for a signed-out session);</li>
 * </ul>
 * XSS and path traversal are in {@link ConsolePages}. A control (sign-in, a page, sign-out with the right token)
 * must work, so the refusals are not a console that refuses everything.
 */
final class ConsoleFuzz {

  static final String NO_CREDENTIALS = "console without credentials => sent to sign-in or 401, no data";
  static final String FORGED = "console with forged or expired sessions, wrong passwords, forged tokens => refused";
  static final String CSRF = "console state-changing requests without the right CSRF token or role => 403";
  static final String CONTROL = "console controls: the right credentials and token work";

  private final ConsoleAccess c;
  private final Report report;
  private final List<String> sagaIds;
  private final List<Long> deadLetters;

  ConsoleFuzz(ConsoleAccess access, Report report, List<String> sagaIds, List<Long> deadLetterSeqs) {
    this.c = access;
    this.report = report;
    this.sagaIds = sagaIds;
    this.deadLetters = deadLetterSeqs;
  }

  void run() {
    noCredentials();
    forged();
    csrf();
  }

  private List<String> pages() {
    String saga = sagaIds.get(0);
    long dl = deadLetters.isEmpty() ? 1 : deadLetters.get(0);
    return List.of("/sagas", "/sagas/" + saga, "/sagas?q=" + saga, "/dead-letters", "/dead-letters/" + dl, "/streams");
  }

  private List<String> apis() {
    return List.of("/api/stats", "/api/sagas/" + sagaIds.get(0) + "/diagram");
  }

  private List<String> actions() {
    String saga = sagaIds.get(sagaIds.size() - 1);
    long dl = deadLetters.isEmpty() ? 1 : deadLetters.get(deadLetters.size() - 1);
    return List.of("/sagas/" + saga + "/abort", "/sagas/" + saga + "/resume", "/dead-letters/" + dl + "/replay",
        "/dead-letters/" + dl + "/delete", "/dead-letters/replay", "/logout");
  }

  private List<String> apiActions() {
    String saga = sagaIds.get(sagaIds.size() - 1);
    return List.of("/api/sagas/" + saga + "/abort", "/api/sagas/" + saga + "/resume");
  }

  private void noCredentials() {
    Report.Check k = report.check(NO_CREDENTIALS);
    for (String p : pages()) {
      ConsoleAccess.Answer a = c.send("GET", p, Map.of(), null);
      k.verify(a.status() == 303 && a.header("Location").orElse("").startsWith("/login") && !a.body().contains(sagaIds.get(0)),
          "GET " + p + " -> " + a);
    }
    for (String p : apis()) {
      ConsoleAccess.Answer a = c.send("GET", p, Map.of(), null);
      k.verify(a.status() == 401 && !a.body().contains("\"streams\""), "GET " + p + " -> " + a);
    }
    for (String p : concat(actions(), apiActions())) {
      ConsoleAccess.Answer a = c.send("POST", p, Map.of("Content-Type", "application/x-www-form-urlencoded"), "reason=fuzz&csrf=x");
      k.verify(a.status() == 401, "POST " + p + " -> " + a);
    }
  }

  private void forged() {
    Report.Check k = report.check(FORGED);
    forgedSessions(k);
    forgedTokens(k);
    wrongSignIns(k);
  }

  private void forgedSessions(Report.Check k) {
    String signedOut = signedOutSession();
    List<String> cookies = List.of("0123456789abcdef0123456789abcdef", "", "x".repeat(6_000), "../../../etc/passwd", "' OR '1'='1",
        "null", "%00", signedOut, signedOut.toUpperCase(java.util.Locale.ROOT), signedOut + "0", signedOut.substring(1));
    for (String cookie : cookies) {
      Map<String, String> h = Map.of("Cookie", ConsoleAccess.COOKIE + "=" + cookie);
      for (String p : pages()) {
        ConsoleAccess.Answer a = c.send("GET", p, h, null);
        k.verify(a.status() == 303 || a.status() == 400 || a.status() == 431, "GET " + p + " with cookie '" + shorten(cookie) + "' -> " + a);
      }
      for (String p : actions()) {
        ConsoleAccess.Answer a = c.send("POST", p, withForm(h), "reason=fuzz&csrf=x");
        k.verify(a.status() == 401 || a.status() == 400 || a.status() == 431, "POST " + p + " with cookie '" + shorten(cookie) + "' -> " + a);
      }
    }
  }

  private void forgedTokens(Report.Check k) {
    List<String> tokens = List.of("", "x", c.operatorToken() + "x", c.operatorToken().substring(1), c.operatorToken().toUpperCase(java.util.Locale.ROOT),
        c.operatorPass(), "Bearer " + c.operatorToken(), "' OR 1=1 --", "y".repeat(6_000));
    for (String t : tokens) {
      for (String p : concat(apiActions(), apis())) {
        boolean post = p.endsWith("abort") || p.endsWith("resume");
        ConsoleAccess.Answer a = c.send(post ? "POST" : "GET", p, Map.of("Authorization", "Bearer " + t, "Content-Type", "application/json"),
            post ? "{\"reason\":\"fuzz\"}" : null);
        k.verify(a.status() == 401 || a.status() == 400 || a.status() == 431, (post ? "POST " : "GET ") + p + " with token '" + shorten(t) + "' -> " + a);
      }
    }
    for (String p : apiActions()) {
      ConsoleAccess.Answer a = c.send("POST", p, Map.of("Authorization", "Bearer " + c.readOnlyToken(), "Content-Type", "application/json"),
          "{\"reason\":\"fuzz\"}");
      k.verify(a.status() == 403, "POST " + p + " with a read-only token -> " + a);
    }
  }

  private void wrongSignIns(Report.Check k) {
    String[][] logins = {{"fuzz-op", "wrong-password"}, {"fuzz-op", ""}, {"fuzz-op", c.readOnlyPass()},
        {"fuzz-op", c.operatorPass().toUpperCase(java.util.Locale.ROOT)}, {"FUZZ-OP", c.operatorPass()},
        {"nobody", c.operatorPass()}, {"", ""}, {"fuzz-op' --", "x"}, {"fuzz-op", "' OR '1'='1"}, {"fuzz-op", "p".repeat(100_000)},
        {"fuzz-ro", c.operatorPass()}, {"fuzz-op\u0000", c.operatorPass()}};
    for (String[] l : logins) {
      ConsoleAccess.Answer a = c.send("POST", "/login", Map.of("Content-Type", "application/x-www-form-urlencoded"),
          "user=" + ConsoleAccess.enc(l[0]) + "&password=" + ConsoleAccess.enc(l[1]));
      k.verify(a.sessionCookie().isEmpty() && (a.status() == 401 || a.status() == 400 || a.status() == 413),
          "sign-in as '" + shorten(l[0]) + "' with a wrong password -> " + a);
    }
    ConsoleAccess.Answer a = c.send("POST", "/login", Map.of("Content-Type", "application/x-www-form-urlencoded"), "token=" + ConsoleAccess.enc("forged"));
    k.verify(a.sessionCookie().isEmpty() && a.status() == 401, "sign-in with a forged token -> " + a);
  }

  private void csrf() {
    Report.Check k = report.check(CSRF);
    String op = c.signIn("fuzz-op", c.operatorPass()).orElseThrow(() -> new IllegalStateException("the run's operator cannot sign in"));
    String other = c.signIn("fuzz-op", c.operatorPass()).orElseThrow();
    String otherToken = c.csrf(other);
    String ro = c.signIn("fuzz-ro", c.readOnlyPass()).orElseThrow(() -> new IllegalStateException("the run's read-only user cannot sign in"));
    String roToken = c.csrf(ro);
    List<String> forms = List.of("reason=fuzz", "reason=fuzz&csrf=", "reason=fuzz&csrf=" + otherToken, "reason=fuzz&csrf=" + otherToken + "x",
        "reason=fuzz&csrf=" + ConsoleAccess.enc("' OR 1=1"), "reason=fuzz&csrf=" + roToken, "reason=fuzz&csrf=" + "a".repeat(4_000));
    List<Optional<String>> origins = List.of(Optional.empty(), Optional.of("https://evil.example"), Optional.of("null"));
    for (String p : actions()) {
      for (String form : forms) {
        for (Optional<String> origin : origins) {
          Map<String, String> h = new java.util.HashMap<>(withForm(Map.of("Cookie", ConsoleAccess.COOKIE + "=" + op)));
          origin.ifPresent(o -> h.put("Origin", o));
          ConsoleAccess.Answer a = c.send("POST", p, h, form);
          k.verify(a.status() == 403, "POST " + p + " as operator, form '" + shorten(form) + "'" + origin.map(o -> ", Origin " + o).orElse("") + " -> " + a);
        }
      }
      if (!p.equals("/logout")) {
        ConsoleAccess.Answer a = c.send("POST", p, withForm(Map.of("Cookie", ConsoleAccess.COOKIE + "=" + ro)), "reason=fuzz&csrf=" + roToken);
        k.verify(a.status() == 403, "POST " + p + " as read-only with its valid CSRF token -> " + a);
      }
    }
    control(op);
  }

  private void control(String op) {
    Report.Check k = report.check(CONTROL);
    ConsoleAccess.Answer page = c.send("GET", "/sagas/" + sagaIds.get(0), Map.of("Cookie", ConsoleAccess.COOKIE + "=" + op), null);
    k.verify(page.status() == 200 && page.body().contains(sagaIds.get(0)), "GET /sagas/{id} signed in -> " + page);
    ConsoleAccess.Answer api = c.send("GET", "/api/stats", Map.of("Authorization", "Bearer " + c.operatorToken()), null);
    k.verify(api.status() == 200, "GET /api/stats with the operator token -> " + api);
    ConsoleAccess.Answer out = c.send("POST", "/logout", withForm(Map.of("Cookie", ConsoleAccess.COOKIE + "=" + op)), "csrf=" + c.csrf(op));
    k.verify(out.status() == 303, "POST /logout with the session's CSRF token -> " + out);
  }

  /** A session that signed out: its cookie must be worthless afterwards (the stand-in for an expired one). */
  private String signedOutSession() {
    String s = c.signIn("fuzz-op", c.operatorPass()).orElseThrow(() -> new IllegalStateException("the run's operator cannot sign in"));
    c.send("POST", "/logout", withForm(Map.of("Cookie", ConsoleAccess.COOKIE + "=" + s)), "csrf=" + c.csrf(s));
    return s;
  }

  private static Map<String, String> withForm(Map<String, String> h) {
    Map<String, String> m = new java.util.HashMap<>(h);
    m.put("Content-Type", "application/x-www-form-urlencoded");
    return m;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  static String shorten(String s) {
    String p = s.replaceAll("[^\\x20-\\x7E]", "?");
    return p.length() > 40 ? p.substring(0, 40) + "...(" + s.length() + ")" : p;
  }
}
