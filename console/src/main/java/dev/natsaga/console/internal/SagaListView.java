package dev.natsaga.console.internal;

import static dev.natsaga.console.internal.Html.esc;

import dev.natsaga.saga.SagaDefinition;
import dev.natsaga.saga.SagaStatus;
import dev.natsaga.saga.SagaView;
import dev.natsaga.saga.jdbc.SagaSearch;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** The markup of the saga list: the filter form and the table. */
final class SagaListView {

  private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm").withZone(ZoneOffset.UTC);

  private SagaListView() {
  }

  static String filterForm(SagaSearch.Filter f, ConsoleContext context) {
    StringBuilder out = new StringBuilder("<form method=\"get\" action=\"/sagas\" class=\"filters\" id=\"saga-filters\">");
    out.append("<label>Type <input name=\"type\" id=\"filter-type\" list=\"saga-types\" value=\"").append(esc(f.sagaType()))
        .append("\"></label><datalist id=\"saga-types\">");
    if (context.engine() != null) {
      context.engine().registry().all().stream().map(SagaDefinition::name).distinct().sorted()
          .forEach(n -> out.append("<option value=\"").append(esc(n)).append("\">"));
    }
    out.append("</datalist><label>Status <select name=\"status\" id=\"filter-status\"><option value=\"\">any</option>");
    for (SagaStatus s : SagaStatus.values()) {
      out.append("<option").append(s == f.status() ? " selected" : "").append(">").append(s.name()).append("</option>");
    }
    out.append("</select></label>")
        .append("<label>From (UTC) <input type=\"datetime-local\" name=\"from\" id=\"filter-from\" value=\"")
        .append(local(f.createdFrom())).append("\"></label>")
        .append("<label>To (UTC) <input type=\"datetime-local\" name=\"to\" id=\"filter-to\" value=\"")
        .append(local(f.createdBefore())).append("\"></label>")
        .append("<label>Saga id or caller key <input name=\"q\" id=\"filter-q\" value=\"").append(esc(f.text()))
        .append("\"></label><button type=\"submit\" id=\"filter-apply\">Filter</button>")
        .append("<a href=\"/sagas\">Clear</a></form>");
    return out.toString();
  }

  static String table(List<SagaView> sagas) {
    if (sagas.isEmpty()) {
      return "<p id=\"no-sagas\">No saga matches.</p>";
    }
    StringBuilder out = new StringBuilder("<table id=\"sagas\"><thead><tr><th>Saga</th><th>Type</th><th>Status</th>"
        + "<th>Step</th><th>Caller key</th><th>Started (UTC)</th><th>Updated (UTC)</th></tr></thead><tbody>");
    for (SagaView v : sagas) {
      out.append("<tr data-saga=\"").append(v.id()).append("\"><td><a class=\"mono\" href=\"/sagas/").append(v.id())
          .append("\">").append(v.id()).append("</a></td><td>").append(esc(v.sagaType())).append(" v")
          .append(v.definitionVersion()).append("</td><td>").append(status(v.status())).append("</td><td>")
          .append(esc(v.stepName())).append("</td><td>").append(esc(v.callerKey())).append("</td><td>")
          .append(Html.time(v.createdAt())).append("</td><td>").append(Html.time(v.updatedAt())).append("</td></tr>");
    }
    return out.append("</tbody></table>").toString();
  }

  static String status(SagaStatus s) {
    return "<span class=\"status " + s.name().toLowerCase(java.util.Locale.ROOT) + "\">" + s.name() + "</span>";
  }

  /** The filter as a query string, for the next-page link. */
  static String query(SagaSearch.Filter f) {
    return "type=" + Html.url(f.sagaType()) + "&status=" + (f.status() == null ? "" : f.status().name())
        + "&from=" + Html.url(local(f.createdFrom())) + "&to=" + Html.url(local(f.createdBefore())) + "&q=" + Html.url(f.text());
  }

  private static String local(Instant at) {
    return at == null ? "" : LOCAL.format(at);
  }
}
