package dev.natsaga.console.internal;

import static dev.natsaga.console.internal.Html.esc;

import dev.natsaga.saga.SagaDefinition;
import dev.natsaga.saga.SagaDiagram;
import dev.natsaga.saga.SagaNotFoundException;
import dev.natsaga.saga.SagaStatus;
import dev.natsaga.saga.SagaView;
import dev.natsaga.saga.jdbc.SagaSearch;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;

/** The saga list (filters, search, keyset pages), a saga's page, and the actions resume and abort (page and API). */
final class SagaPages {

  static final int PAGE_SIZE = 50;
  private static final String ID = "/([0-9a-fA-F-]{36})";

  private final ConsoleContext context;
  private final SagaActions actions;

  SagaPages(ConsoleContext context, AuditTrail audit) {
    this.context = context;
    this.actions = new SagaActions(context, audit);
  }

  void routes(Router r) {
    r.get("/sagas", Route.Access.READ, (x, m) -> list(x));
    r.get("/sagas" + ID, Route.Access.READ, (x, m) -> show(x, id(m)));
    r.post("/sagas" + ID + "/resume", Route.Access.ACT, (x, m) -> {
      actions.resume(x.session(), id(m));
      x.redirect("/sagas/" + id(m) + "?done=resume");
    });
    r.post("/sagas" + ID + "/abort", Route.Access.ACT, (x, m) -> {
      actions.abort(x.session(), id(m), x.param("reason").orElse(null));
      x.redirect("/sagas/" + id(m) + "?done=abort");
    });
    r.post("/api/sagas" + ID + "/resume", Route.Access.ACT, (x, m) -> api(x, id(m), "resume"));
    r.post("/api/sagas" + ID + "/abort", Route.Access.ACT, (x, m) -> api(x, id(m), "abort"));
    r.get("/api/sagas" + ID + "/diagram", Route.Access.READ, (x, m) -> diagram(x, id(m)));
  }

  /** The saga's Mermaid flowchart with where it stands marked; 409 where the console has no definitions. */
  private void diagram(Exchange x, UUID id) {
    SagaView view = context.queries().find(id).orElseThrow(() -> new SagaNotFoundException(id));
    if (context.engine() == null) {
      throw HttpFailure.conflict("the diagram needs the saga's definition: ask the console embedded in the service that runs it");
    }
    SagaDefinition<?> definition = context.engine().registry().find(view.sagaType(), view.definitionVersion())
        .orElseThrow(() -> HttpFailure.conflict("this service has no definition of " + view.sagaType() + " v" + view.definitionVersion()));
    x.json(200, JsonText.write(Map.of("sagaId", id.toString(), "status", view.status().name(),
        "mermaid", SagaDiagram.mermaid(definition, view))));
  }

  private void api(Exchange x, UUID id, String action) {
    if (action.equals("resume")) {
      actions.resume(x.session(), id);
    } else {
      String body = x.body();
      String reason = body.isBlank() ? null : JsonText.read(body).path("reason").asText(null);
      actions.abort(x.session(), id, reason);
    }
    SagaView view = context.engine().find(id).orElseThrow(() -> new SagaNotFoundException(id));
    x.json(200, JsonText.write(Map.of("sagaId", id.toString(), "action", action, "status", view.status().name())));
  }

  private static UUID id(Matcher m) {
    return UUID.fromString(m.group(1));
  }

  private void list(Exchange x) {
    SagaSearch.Filter filter = SagaFilters.from(x);
    SagaSearch.Slice slice = context.search().find(filter, SagaFilters.cursor(x), PAGE_SIZE);
    StringBuilder body = new StringBuilder(SagaListView.filterForm(filter, context));
    body.append(SagaListView.table(slice.items()));
    if (slice.next() != null) {
      body.append("<p><a id=\"next-page\" href=\"/sagas?").append(SagaListView.query(filter))
          .append("&after=").append(Html.url(slice.next().token())).append("\">Next page →</a></p>");
    }
    x.html(200, Html.page("Sagas", x.session(), body.toString()));
  }

  private void show(Exchange x, UUID id) {
    SagaView view = context.queries().find(id).orElseThrow(() -> HttpFailure.notFound("no saga " + id));
    StringBuilder body = new StringBuilder();
    x.param("done").ifPresent(d -> body.append(Html.notice("ok", d.equals("resume")
        ? "Resumed: the saga compensates again." : "Aborted: the saga compensates.")));
    body.append(SagaPageView.summary(view));
    body.append(SagaPageView.actions(view, x.session(), context.engine() != null));
    body.append("<h2>Timeline</h2>").append(SagaPageView.timeline(view));
    body.append("<h2>State</h2><pre class=\"json\" id=\"state\">")
        .append(esc(JsonText.pretty(view.stateJson(), context.maskedFields()))).append("</pre>");
    Optional<SagaDefinition<?>> definition = context.engine() == null ? Optional.empty()
        : context.engine().registry().find(view.sagaType(), view.definitionVersion());
    body.append(SagaPageView.diagram(view, definition));
    x.html(200, Html.page("Saga " + view.sagaType(), x.session(), body.toString()));
  }

  static boolean resumable(SagaView v) {
    return v.status() == SagaStatus.COMPENSATION_FAILED;
  }

  static boolean abortable(SagaView v) {
    return v.status() == SagaStatus.RUNNING;
  }
}
