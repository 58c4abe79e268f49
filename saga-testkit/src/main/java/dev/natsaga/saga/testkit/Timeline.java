package dev.natsaga.saga.testkit;

import dev.natsaga.saga.SagaStep;
import dev.natsaga.saga.SagaView;

/** Renders a saga and its step log as readable lines for assertion messages. */
final class Timeline {

  private Timeline() {
  }

  static String render(SagaView view) {
    SagaView i = view;
    StringBuilder out = new StringBuilder();
    out.append("saga ").append(i.id()).append(' ').append(i.sagaType()).append(" v").append(i.definitionVersion())
        .append(": ").append(i.status()).append(" at step ").append(i.stepName()).append(" (attempt ")
        .append(i.stepAttempt()).append(')');
    if (i.failureReason() != null) {
      out.append(", reason: ").append(i.failureReason());
    }
    for (SagaStep e : view.steps()) {
      out.append("\n  ").append(e.startedAt()).append("  ").append(e.stepName()).append(' ').append(e.phase())
          .append(" #").append(e.attempt()).append(' ').append(e.outcome());
      if (e.replyType() != null) {
        out.append(" reply=").append(e.replyType());
      }
      if (e.error() != null) {
        out.append(" (").append(e.error()).append(')');
      }
    }
    return out.toString();
  }
}
