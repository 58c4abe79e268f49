package dev.natsaga.console.internal;

import static dev.natsaga.console.internal.Html.esc;

import dev.natsaga.console.ConsoleRole;
import dev.natsaga.saga.SagaStep;
import dev.natsaga.saga.SagaView;
import java.time.Duration;

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
        + row("Next deadline (UTC)", Html.time(v.deadline()))
        + row("Started (UTC)", Html.time(v.createdAt()))
        + row("Updated (UTC)", Html.time(v.updatedAt()))
        + "</dl>";
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
   * The place of the saga's diagram with its current step marked. The diagram itself comes from saga-engine's
   * {@code SagaDiagram} (Mermaid), being added on a parallel branch: render it into this element once it lands.
   */
  static String diagramPlaceholder(SagaView v) {
    return "<section id=\"saga-diagram\" class=\"diagram-placeholder\" data-saga-type=\"" + esc(v.sagaType())
        + "\" data-current-step=\"" + esc(v.stepName()) + "\"><h2>Diagram</h2>"
        + "<p class=\"hint\">The definition's diagram appears here once saga-engine's SagaDiagram is available.</p></section>";
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
