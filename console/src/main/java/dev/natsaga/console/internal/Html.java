package dev.natsaga.console.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The page frame and escaping. Every value that comes from a message, a saga or a user goes through {@link #esc};
 * the pages build markup from constants and escaped values only.
 */
final class Html {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  private Html() {
  }

  /** Escapes text for element content and quoted attribute values. */
  static String esc(Object value) {
    if (value == null) {
      return "";
    }
    String s = value.toString();
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  static String url(String value) {
    return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
  }

  static String time(Instant at) {
    return at == null ? "" : TIME.format(at);
  }

  /** The hidden CSRF field every form of a signed-in page carries. */
  static String csrf(Session s) {
    return "<input type=\"hidden\" name=\"csrf\" value=\"" + esc(s.csrf()) + "\">";
  }

  /** A full page: head with the jar's stylesheet and script, navigation with the user and sign-out, then {@code body}. */
  static String page(String title, Session s, String body) {
    StringBuilder out = new StringBuilder(4096);
    out.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>").append(esc(title)).append(" · natsaga console</title>")
        .append("<link rel=\"stylesheet\" href=\"/assets/console.css\"><script src=\"/assets/console.js\" defer></script>")
        .append("</head><body>");
    if (s != null) {
      out.append("<header><a class=\"brand\" href=\"/sagas\">natsaga console</a><nav>")
          .append("<a href=\"/sagas\">Sagas</a><a href=\"/dead-letters\">Dead letters</a><a href=\"/streams\">Streams</a></nav>")
          .append("<span class=\"who\" id=\"who\">").append(esc(s.user().name())).append(" · ")
          .append(esc(s.user().role().label())).append("</span>")
          .append("<form method=\"post\" action=\"/logout\" class=\"inline\">").append(csrf(s))
          .append("<button type=\"submit\">Sign out</button></form></header>");
    }
    out.append("<main><h1>").append(esc(title)).append("</h1>").append(body).append("</main></body></html>");
    return out.toString();
  }

  /** A notice at the top of a page, e.g. after an action. */
  static String notice(String kind, String text) {
    return "<p class=\"notice " + kind + "\" id=\"notice\">" + esc(text) + "</p>";
  }
}
