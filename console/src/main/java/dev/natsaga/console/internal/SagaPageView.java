package dev.natsaga.console.internal;

import static dev.natsaga.console.internal.Html.esc;

import dev.natsaga.console.ConsoleRole;
import dev.natsaga.saga.SagaDefinition;
import dev.natsaga.saga.SagaDiagram;
import dev.natsaga.saga.SagaStep;
import dev.natsaga.saga.SagaView;
import java.time.Duration;
import java.util.Optional;

/** The markup of a saga's page: summary, actions, the diagram's place, the step timeline. */
final class SagaPageView {

  private SagaPageView() {
  }

  static String summary(SagaView v) {
    return "<dl class=\"summary\" id=\"saga-summary\">"
        + row("Id", "<span class=\"mono\" id=\"saga-id\">" + v.id() + "</span>")
        + row("Type", esc(v.sagaType()) + " v" + v.definitionVersion())
        + row("Status", "<span id=\"saga-status\">" + SagaListView.status(v.status()) + "</span>")
        + row("Direction", esc(v.direction()))
        + row("Current step", esc(v.stepName()) + (v.stepName() == null ? "" : " (attempt " + v.stepAttempt() + ")"))
        + row("Failure reason", "<span id=\"failure-reason\">" + esc(v.failureReason()) + "</span>")
        + row("Caller key", esc(v.callerKey()))
        + row("Started by", "<span id=\"started-by\">" + startedBy(v) + "</span>")
        + row("Trace id", "<span class=\"mono\" id=\"trace-id\">" + esc(v.traceId()) + "</span>")
        + row("Next deadline (UTC)", Html.time(v.deadline()))
        + row("Started (UTC)", Html.time(v.createdAt()))
        + row("Updated (UTC)", Html.time(v.updatedAt()))
        + "</dl>";
  }

  /** The saga's actor as {@code authtype authid} (CloudEvents authcontext), empty when nobody was named. */
  private static String startedBy(SagaView v) {
    if (v.startedBy() == null) {
      return "";
    }
    return esc(v.startedBy().type()) + (v.startedBy().id() == null ? "" : " " + esc(v.startedBy().id()));
  }

  private static String row(String label, String valueHtml) {
    return "<dt>" + label + "</dt><dd>" + valueHtml + "</dd>";
  }

  /** Resume for a parked saga, abort for a running one; only for operators, and only where the engine is at hand. */
  static String actions(SagaView v, Session s, boolean engineAvailable) {
    boolean operator = s.user().role() == ConsoleRole.OPERATOR;
    if (!SagaPages.resumable(v) && !SagaPages.abortable(v)) {
      return "";
    }
    if (!operator) {
      return "<p class=\"hint\" id=\"read-only-hint\">You have read-only access: actions are for operators.</p>";
    }
    if (!engineAvailable) {
      return "<p class=\"hint\" id=\"no-engine-hint\">Actions need the saga definitions: use the console embedded in the"
          + " service that runs this saga.</p>";
    }
    StringBuilder out = new StringBuilder("<section class=\"actions\">");
    if (SagaPages.resumable(v)) {
      out.append("<form method=\"post\" action=\"/sagas/").append(v.id()).append("/resume\" id=\"resume-form\">")
          .append(Html.csrf(s)).append("<button type=\"submit\" id=\"resume\">Resume compensation</button></form>");
    }
    if (SagaPages.abortable(v)) {
      out.append("<form method=\"post\" action=\"/sagas/").append(v.id()).append("/abort\" id=\"abort-form\">")
          .append(Html.csrf(s)).append("<label>Reason <input name=\"reason\" id=\"abort-reason\" required></label>")
          .append("<button type=\"submit\" id=\"abort\" class=\"danger\">Abort and compensate</button></form>");
    }
    return out.append("</section>").toString();
  }

  /**
   * The definition's diagram with where the saga stands marked ({@link SagaDiagram}, Mermaid flowchart source), when
   * the console runs inside the service that holds the definition; else a hint. The source is shown as text (escaped):
   * no script renders it, so the page keeps working offline and under the console's Content-Security-Policy; any
   * Mermaid renderer (GitHub, the Mermaid live editor) draws it.
   */
  static String diagram(SagaView v, Optional<SagaDefinition<?>> definition) {
    String head = "<section id=\"saga-diagram\" data-saga-type=\"" + esc(v.sagaType()) + "\" data-current-step=\""
        + esc(v.stepName()) + "\"><h2>Diagram</h2>";
    if (definition.isEmpty()) {
      return head + "<p class=\"hint\" id=\"no-diagram-hint\">The diagram needs the saga's definition (" + esc(v.sagaType())
          + " v" + v.definitionVersion() + "): open this saga in the console embedded in the service that runs it.</p></section>";
    }
    return head + "<p class=\"hint\">Mermaid flowchart of " + esc(v.sagaType()) + " v" + v.definitionVersion()
        + ", where this saga stands marked.</p><pre class=\"mermaid-source\" id=\"diagram-source\">"
        + esc(SagaDiagram.mermaid(definition.get(), v)) + "</pre></section>";
  }

  static String timeline(SagaView v) {
    StringBuilder out = new StringBuilder("<table id=\"timeline\"><thead><tr><th>Started (UTC)</th><th>Step</th><th>Phase</th>"
        + "<th>Attempt</th><th>Outcome</th><th>Duration</th><th>Command</th><th>Reply</th><th>Error</th></tr></thead><tbody>");
    for (SagaStep step : v.steps()) {
      out.append("<tr class=\"step ").append(esc(step.outcome()).toLowerCase(java.util.Locale.ROOT)).append("\"><td>")
          .append(Html.time(step.startedAt())).append("</td><td>").append(esc(step.stepName())).append("</td><td>")
          .append(esc(step.phase())).append("</td><td>").append(step.attempt()).append("</td><td class=\"outcome\">")
          .append(esc(step.outcome())).append("</td><td>").append(duration(step)).append("</td><td class=\"mono\">")
          .append(step.commandId() == null ? "local" : esc(step.commandId())).append("</td><td>")
          .append(esc(step.replyType())).append(step.replyId() == null ? "" : "<br><span class=\"mono small\">"
              + esc(step.replyId()) + "</span>")
          .append("</td><td class=\"error\">").append(esc(step.error())).append("</td></tr>");
    }
    out.append("<tr class=\"saga-end\"><td>").append(Html.time(v.updatedAt())).append("</td><td>(saga)</td><td></td><td></td>")
        .append("<td class=\"outcome\">").append(v.status()).append("</td><td>")
        .append(Duration.between(v.createdAt(), v.updatedAt()).toMillis()).append(" ms</td><td></td><td></td><td>")
        .append(esc(v.failureReason())).append("</td></tr>");
    return out.append("</tbody></table>").toString();
  }

  private static String duration(SagaStep step) {
    if (step.startedAt() == null || step.finishedAt() == null) {
      return step.finishedAt() == null ? "open" : "";
    }
    return Duration.between(step.startedAt(), step.finishedAt()).toMillis() + " ms";
  }
}
