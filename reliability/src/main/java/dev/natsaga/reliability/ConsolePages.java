package dev.natsaga.reliability;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the console sends back when hostile text is in what it shows, and when a URL tries to leave its assets:
 * <ul>
 *   <li>{@code console-xss}: the pages of sagas whose state holds markup (bookings the run made with markup in their
 *       customer, slot and service ids), of dead letters holding markup (the {@code xss-markup} messages, in payload,
 *       subject, an extension and a header), and markup reflected from the query (search, filters, {@code next}, an
 *       unknown path): the HTML must hold none of the markup unescaped (and the saga page must show it as text), the
 *       JSON must be {@code application/json} with {@code nosniff}, and every page carries the Content-Security-Policy;</li>
 *   <li>{@code console-path-traversal}: {@code /../}, encoded, double-encoded, overlong-UTF-8, backslash and NUL variants
 *       around {@code /assets/}, signed in and not: never a 200 with anything but the two assets, never a file's
 *       content (no {@code /etc/passwd}, pom, class or logback bytes).</li>
 * </ul>
 */
final class ConsolePages {

  static final String XSS = "console pages and JSON escape markup from events, saga state and the URL";
  static final String TRAVERSAL = "console path traversal => 4xx or sign-in, never a file";

  /** What must never appear in an answer: the markup's active parts, unescaped. */
  private static final Pattern ACTIVE = Pattern.compile("(?i)<script>alert|<img src=x|<svg/onload|<iframe|href=\"?javascript:|<b>natsaga-xss");
  /** Content of a file outside the assets (/etc/passwd, a pom, logback's configuration, a key), in any answer. */
  private static final Pattern LEAK = Pattern.compile("root:x?:0:0|<project|<configuration|BEGIN (RSA )?PRIVATE");

  private final ConsoleAccess c;
  private final Report report;

  ConsolePages(ConsoleAccess access, Report report) {
    this.c = access;
    this.report = report;
  }

  /**
   * @param xssSagaIds       sagas whose state holds markup
   * @param xssDeadLetters   dead-letter sequences of the {@code xss-markup} messages
   */
  void run(List<String> xssSagaIds, List<Long> xssDeadLetters) {
    String op = c.signIn("fuzz-op", c.operatorPass()).orElseThrow(() -> new IllegalStateException("the run's operator cannot sign in"));
    Map<String, String> h = Map.of("Cookie", ConsoleAccess.COOKIE + "=" + op);
    xss(h, xssSagaIds, xssDeadLetters);
    traversal(h);
  }

  private void xss(Map<String, String> h, List<String> sagas, List<Long> deadLetters) {
    Report.Check k = report.check(XSS);
    for (String id : sagas) {
      ConsoleAccess.Answer page = c.send("GET", "/sagas/" + id, h, null);
      k.verify(page.status() == 200 && !ACTIVE.matcher(page.body()).find() && page.body().contains("natsaga-xss") && csp(page),
          "saga page " + id + " -> " + page.status() + " " + evidence(page.body()));
      ConsoleAccess.Answer json = c.send("GET", "/api/sagas/" + id + "/diagram", h, null);
      k.verify(json.status() == 200 && json.header("Content-Type").orElse("").startsWith("application/json")
          && "nosniff".equalsIgnoreCase(json.header("X-Content-Type-Options").orElse("")) && !ACTIVE.matcher(json.body()).find(),
          "saga diagram JSON " + id + " -> " + json.status() + " " + json.header("Content-Type").orElse("(no type)") + " " + evidence(json.body()));
      ConsoleAccess.Answer list = c.send("GET", "/sagas?q=" + id, h, null);
      k.verify(list.status() == 200 && !ACTIVE.matcher(list.body()).find(), "saga search " + id + " -> " + evidence(list.body()));
    }
    for (long seq : deadLetters) {
      ConsoleAccess.Answer page = c.send("GET", "/dead-letters/" + seq, h, null);
      k.verify(page.status() == 200 && !ACTIVE.matcher(page.body()).find() && page.body().contains("natsaga-xss") && csp(page),
          "dead letter page " + seq + " -> " + page.status() + " " + evidence(page.body()));
    }
    ConsoleAccess.Answer all = c.send("GET", "/dead-letters", h, null);
    k.verify(all.status() == 200 && !ACTIVE.matcher(all.body()).find(), "dead-letter list -> " + all.status() + " " + evidence(all.body()));
    for (String p : SchemaHostile.XSS_PAYLOADS) {
      String q = ConsoleAccess.enc(p);
      for (String target : List.of("/sagas?q=" + q, "/sagas?type=" + q, "/sagas?status=" + q, "/sagas?from=" + q, "/sagas?after=" + q,
          "/dead-letters?reason=" + q, "/dead-letters?consumer=" + q + "&type=" + q, "/login?next=" + q, "/login?next=/" + q, "/" + q,
          "/sagas/" + q, "/dead-letters/" + q, "/api/sagas/" + q + "/diagram")) {
        ConsoleAccess.Answer a = c.send("GET", target, h, null);
        k.verify(a.status() > 0 && inert(a) && !ACTIVE.matcher(a.header("Location").orElse("")).find(),
            "GET " + ConsoleFuzz.shorten(target) + " -> " + a.status() + " " + evidence(a.body()));
      }
    }
  }

  private void traversal(Map<String, String> h) {
    Report.Check k = report.check(TRAVERSAL);
    List<String> paths = List.of("/assets/../../../../etc/passwd", "/assets/..%2f..%2f..%2f..%2fetc%2fpasswd", "/assets/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/assets/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/assets/..%252f..%252f..%252fetc%252fpasswd", "/assets/....//....//....//etc/passwd",
        "/assets/..\\..\\..\\..\\etc\\passwd", "/assets/..%5c..%5c..%5cetc%5cpasswd", "/assets/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
        "/assets/console.css/../../../../etc/passwd", "/assets/console.css%00.js", "/assets/console.css%2500", "/assets/../natsaga-console-logback.xml",
        "/assets/..%2fnatsaga-console-logback.xml", "/assets/../../pom.xml", "/assets/%2e%2e/dev/natsaga/console/Console.class",
        "/natsaga-console/console.js", "/natsaga-console-logback.xml", "/assets//etc/passwd", "/assets/%2fetc%2fpasswd", "/assets/file:%2f%2f%2fetc%2fpasswd",
        "/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/../../../../etc/passwd", "/assets/.%2e/.%2e/.%2e/etc/passwd", "/assets/console.js/..%2f..%2f..%2fetc/passwd",
        "/assets/console.js;/../../../etc/passwd", "/assets/console.js?/../../../etc/passwd", "/assets/%u002e%u002e/etc/passwd",
        "/assets/\u2025/etc/passwd", "/static/../../../etc/passwd", "/dead-letters/..%2f..%2fetc%2fpasswd", "/sagas/..%2f..%2f..%2fetc%2fpasswd",
        "/assets/console.CSS", "/assets/Console.js", "/assets/console.js.map", "/assets/");
    for (Map<String, String> headers : List.of(Map.<String, String>of(), h)) {
      for (String p : paths) {
        ConsoleAccess.Answer a = c.send("GET", p, headers, null);
        boolean asset = p.startsWith("/assets/console.js?") && a.status() == 200;
        k.verify(a.status() > 0 && !LEAK.matcher(a.body()).find() && (a.status() != 200 || asset),
            "GET " + ConsoleFuzz.shorten(p) + (headers.isEmpty() ? "" : " (signed in)") + " -> " + a);
      }
    }
  }

  /** JSON that no browser renders as HTML ({@code application/json}, {@code nosniff}), or HTML without live markup. */
  private static boolean inert(ConsoleAccess.Answer a) {
    if (a.header("Content-Type").orElse("").startsWith("application/json")) {
      return "nosniff".equalsIgnoreCase(a.header("X-Content-Type-Options").orElse(""));
    }
    return !ACTIVE.matcher(a.body()).find();
  }

  private static boolean csp(ConsoleAccess.Answer a) {
    return a.header("Content-Security-Policy").orElse("").contains("script-src 'self'");
  }

  /** The first unescaped markup, or the body's length. */
  private static String evidence(String body) {
    var m = ACTIVE.matcher(body);
    if (m.find()) {
      int from = Math.max(0, m.start() - 40);
      return "UNESCAPED: ..." + body.substring(from, Math.min(body.length(), m.end() + 40)).replaceAll("\\s+", " ") + "...";
    }
    return "(" + body.length() + " chars, no unescaped markup)";
  }
}
