package dev.natsaga.console.internal;

import static dev.natsaga.console.internal.Html.esc;

import dev.natsaga.console.ConsoleRole;
import dev.natsaga.framework.dlq.DeadLetter;
import dev.natsaga.framework.dlq.DeadLetterReason;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The markup of the dead-letter pages. */
final class DeadLetterView {

  private DeadLetterView() {
  }

  static String filterForm(DeadLetterFilter f) {
    StringBuilder out = new StringBuilder("<form method=\"get\" action=\"/dead-letters\" class=\"filters\" id=\"dlq-filters\">")
        .append("<label>Reason <select name=\"reason\" id=\"dlq-reason\"><option value=\"\">any</option>");
    for (DeadLetterReason r : DeadLetterReason.values()) {
      out.append("<option").append(r.header().equals(f.reason()) ? " selected" : "").append(">").append(r.header())
          .append("</option>");
    }
    return out.append("</select></label>")
        .append(input("Consumer", "consumer", f.consumer())).append(input("Type", "type", f.type()))
        .append("<label>From (UTC) <input type=\"datetime-local\" name=\"from\" id=\"dlq-from\"></label>")
        .append("<label>To (UTC) <input type=\"datetime-local\" name=\"to\" id=\"dlq-to\"></label>")
        .append("<button type=\"submit\" id=\"dlq-apply\">Filter</button><a href=\"/dead-letters\">Clear</a></form>")
        .toString();
  }

  private static String input(String label, String name, String value) {
    return "<label>" + label + " <input name=\"" + name + "\" id=\"dlq-" + name + "\" value=\"" + esc(value) + "\"></label>";
  }

  /** Replays every dead letter the current filter shows (the filter travels as hidden fields). */
  static String replayFilteredForm(DeadLetterFilter f, Session s) {
    return "<form method=\"post\" action=\"/dead-letters/replay\" id=\"replay-filtered-form\" class=\"inline\">" + Html.csrf(s)
        + hidden("reason", f.reason()) + hidden("consumer", f.consumer()) + hidden("type", f.type())
        + hidden("from", f.from() == null ? null : f.from().toString())
        + hidden("to", f.to() == null ? null : f.to().toString())
        + "<button type=\"submit\" id=\"replay-filtered\">Replay all shown</button></form>";
  }

  private static String hidden(String name, String value) {
    return value == null ? "" : "<input type=\"hidden\" name=\"" + name + "\" value=\"" + esc(value) + "\">";
  }

  static String table(List<DeadLetter> letters) {
    if (letters.isEmpty()) {
      return "<p id=\"no-dead-letters\">No dead letter matches.</p>";
    }
    StringBuilder out = new StringBuilder("<table id=\"dead-letters\"><thead><tr><th>#</th><th>Dead-lettered (UTC)</th>"
        + "<th>Reason</th><th>Type</th><th>Consumer</th><th>Deliveries</th><th>Error</th></tr></thead><tbody>");
    for (DeadLetter d : letters) {
      out.append("<tr data-seq=\"").append(d.sequence()).append("\"><td><a href=\"/dead-letters/").append(d.sequence())
          .append("\">").append(d.sequence()).append("</a></td><td>").append(Html.time(d.time())).append("</td><td>")
          .append(esc(d.reason().header())).append("</td><td>").append(esc(DeadLetterFilter.typeOf(d))).append("</td><td>")
          .append(esc(d.consumer())).append("</td><td>").append(d.deliveryCount()).append("</td><td class=\"error\">")
          .append(esc(d.error())).append("</td></tr>");
    }
    return out.append("</tbody></table>").toString();
  }

  static String message(DeadLetter d, Session s, Set<String> masked) {
    StringBuilder out = new StringBuilder("<dl class=\"summary\" id=\"dlq-summary\">")
        .append("<dt>Reason</dt><dd id=\"dlq-reason-value\">").append(esc(d.reason().header())).append("</dd>")
        .append("<dt>Error</dt><dd id=\"dlq-error\">").append(esc(d.error())).append("</dd>")
        .append("<dt>Type</dt><dd>").append(esc(DeadLetterFilter.typeOf(d))).append("</dd>")
        .append("<dt>Consumer</dt><dd>").append(esc(d.consumer())).append("</dd>")
        .append("<dt>Deliveries</dt><dd>").append(d.deliveryCount()).append("</dd>")
        .append("<dt>Original</dt><dd>").append(esc(d.originalSubject())).append(" · ").append(esc(d.originalStream()))
        .append(" #").append(d.originalSequence()).append("</dd>")
        .append("<dt>Dead-lettered (UTC)</dt><dd>").append(Html.time(d.time())).append("</dd></dl>");
    if (s.user().role() == ConsoleRole.OPERATOR) {
      out.append("<section class=\"actions\"><form method=\"post\" action=\"/dead-letters/").append(d.sequence())
          .append("/replay\" id=\"replay-form\">").append(Html.csrf(s))
          .append("<button type=\"submit\" id=\"replay\">Replay to ").append(esc(d.originalSubject())).append("</button></form>")
          .append("<form method=\"post\" action=\"/dead-letters/").append(d.sequence()).append("/delete\" id=\"delete-form\">")
          .append(Html.csrf(s)).append("<button type=\"submit\" id=\"delete\" class=\"danger\">Delete</button></form></section>");
    }
    out.append("<h2>Headers</h2><table id=\"headers\"><tbody>");
    d.headers().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey()).forEach(h -> out.append("<tr><th>")
        .append(esc(h.getKey())).append("</th><td>")
        .append(esc(masked.contains(h.getKey().toLowerCase(Locale.ROOT)) ? JsonText.MASK : String.join(", ", h.getValue())))
        .append("</td></tr>"));
    out.append("</tbody></table><h2>Payload</h2><pre class=\"json\" id=\"payload\">")
        .append(esc(JsonText.pretty(d.payload(), masked))).append("</pre>");
    return out.toString();
  }
}
