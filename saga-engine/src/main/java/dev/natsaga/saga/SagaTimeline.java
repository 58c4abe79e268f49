package dev.natsaga.saga;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Renders a saga and its step log as a plain-text table, one row per step attempt (its number shown
 * from the second on) and a last row for the saga: what {@code demo.sh} prints, and what the test
 * kit's failures show.
 *
 * <pre>{@code
 * SagaView view = engine.await(sagaId, Duration.ofSeconds(30));
 * System.out.println(SagaTimeline.render(view));
 * // saga 5f0c… booking.create v1: COMPLETED
 * //   time (UTC)    step                phase       outcome     detail
 * //   17:48:25.846  reserve-slot        EXECUTE     SUCCEEDED
 * //   17:48:25.846  authorize-payment   EXECUTE     SUCCEEDED   payment.transaction.authorized.v1  (473 ms)
 * //   17:48:26.722  (saga)                          COMPLETED
 * }</pre>
 */
public final class SagaTimeline {

  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
  private static final String ROW = "  %-12s  %-18s  %-10s  %-10s  %s";

  private SagaTimeline() {
  }

  /** The table for {@code view}: a title line, a header, the step attempts oldest first, the saga's status. */
  public static String render(SagaView view) {
    SagaView saga = view;
    StringBuilder out = new StringBuilder();
    out.append("saga ").append(saga.id()).append(' ').append(saga.sagaType()).append(" v").append(saga.definitionVersion())
        .append(": ").append(saga.status());
    if (saga.status().isActive()) {
      out.append(" at step ").append(saga.stepName()).append(" (attempt ").append(saga.stepAttempt()).append(')');
    }
    out.append('\n');
    line(out, "time (UTC)", "step", "phase", "outcome", "detail");
    for (SagaStep step : view.steps()) {
      String phase = step.attempt() > 1 ? step.phase() + " #" + step.attempt() : String.valueOf(step.phase());
      line(out, clock(step.startedAt()), step.stepName(), phase, String.valueOf(step.outcome()), detail(step));
    }
    line(out, clock(saga.updatedAt()), "(saga)", "", String.valueOf(saga.status()),
        saga.failureReason() == null ? "" : saga.failureReason());
    return out.toString();
  }

  /** The reply type, the error (without a repeat of the reply type) and, for a command, how long it took. */
  static String detail(SagaStep step) {
    StringBuilder detail = new StringBuilder(step.replyType() == null ? "" : step.replyType());
    String error = step.error();
    String repeated = "failed with " + step.replyType();
    if (error != null && step.replyType() != null && error.startsWith(repeated)) {
      error = error.substring(repeated.length()).replaceFirst("^: ", "");
    }
    if (error != null && !error.isEmpty() && step.outcome() != StepOutcome.SUCCEEDED) {
      detail.append(detail.length() == 0 ? "" : "  ").append(error);
    }
    if (step.commandId() != null && step.startedAt() != null && step.finishedAt() != null) {
      detail.append("  (").append(Duration.between(step.startedAt(), step.finishedAt()).toMillis()).append(" ms)");
    }
    return detail.toString().strip();
  }

  private static String clock(Instant at) {
    return at == null ? "" : CLOCK.format(at);
  }

  private static void line(StringBuilder out, String time, String step, String phase, String outcome, String detail) {
    out.append(String.format(ROW, time, step, phase, outcome, detail).stripTrailing()).append('\n');
  }
}
