package dev.natsaga.saga.internal.dsl;

import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * Renders a {@link DefinedSaga} as a Mermaid flowchart: the steps top to bottom with their success replies, a parallel
 * group as a fork and a join around its branches, each failure (failure replies, a timeout after the last attempt, a
 * failing local step, the saga deadline) as a dotted edge into the compensations, and the compensations in reverse
 * order down to {@code COMPENSATED} (or {@code COMPENSATION_FAILED} once their retries run out).
 *
 * <p>Node ids are stable ({@code s<index>} for a step, {@code c<index>} for its compensation, {@code fork<index>} and
 * {@code join<index>} around a group starting at that index), so a caller can mark one with {@code class}.
 */
public final class MermaidFlowchart {

  /** The node id of the saga's start. */
  public static final String START = "start";
  /** The node id of {@code COMPLETED}. */
  public static final String COMPLETED = "completed";
  /** The node id of {@code COMPENSATED}. */
  public static final String COMPENSATED = "compensated";
  /** The node id of {@code COMPENSATION_FAILED}. */
  public static final String COMPENSATION_FAILED = "compensationFailed";

  private final DefinedSaga<?> saga;
  private final StringJoiner out = new StringJoiner("\n", "", "\n");

  private MermaidFlowchart(DefinedSaga<?> saga) {
    this.saga = saga;
  }

  /** @return the flowchart text (starting with {@code flowchart TD}), without a marked node */
  public static String render(DefinedSaga<?> saga) {
    return new MermaidFlowchart(saga).render();
  }

  /** @return the flowchart text with the node {@code nodeId} drawn as the current one */
  public static String render(DefinedSaga<?> saga, String nodeId) {
    return render(saga) + "  classDef current fill:#fff3bf,stroke:#e8590c,stroke-width:3px\n"
        + "  class " + nodeId + " current\n";
  }

  /** @return the id of the node of a step (execute phase) */
  public static String stepNode(int index) {
    return "s" + index;
  }

  /** @return the id of the node of a step's compensation */
  public static String compensationNode(int index) {
    return "c" + index;
  }

  private String render() {
    out.add("flowchart TD");
    node(START, "([\"", saga.name() + " v" + saga.version() + deadlineLabel(), "\"])");
    List<? extends StepDefinition<?>> steps = saga.steps();
    steps.forEach(this::stepNodes);
    node(COMPLETED, "([\"", "COMPLETED", "\"])");
    node(COMPENSATED, "([\"", "COMPENSATED", "\"])");
    node(COMPENSATION_FAILED, "([\"", "COMPENSATION_FAILED", "\"])");
    forwardEdges(steps);
    steps.forEach(this::failureEdges);
    steps.forEach(this::compensationEdges);
    return out.toString();
  }

  private String deadlineLabel() {
    return saga.deadline().map(d -> "<br/>deadline " + Durations.text(d) + ", then compensates").orElse("");
  }

  private void stepNodes(StepDefinition<?> step) {
    if (step.isFirstOfGroup()) {
      out.add("  subgraph group" + step.index() + " [\"parallel " + escape(step.group()) + "\"]");
      node(fork(step.index()), "{{\"", "fork", "\"}}");
    }
    node(stepNode(step.index()), "[\"", escape(step.name()) + "<br/>" + describe(step), "\"]");
    if (step.isLastOfGroup()) {
      node(join(step.groupStart()), "{{\"", "join", "\"}}");
      out.add("  end");
    }
    step.compensation().ifPresent(undo ->
        node(compensationNode(step.index()), "[/\"", "undo " + escape(step.name()) + "<br/>" + describe(undo), "\"/]"));
  }

  private static String describe(StepDefinition<?> step) {
    if (step.isLocal()) {
      return "local";
    }
    return "command · timeout " + Durations.text(step.timeout()) + attempts(step.retry().maxAttempts());
  }

  private static String describe(StepCompensation<?> undo) {
    if (undo.isLocal()) {
      return "local" + attempts(undo.retry().maxAttempts());
    }
    String confirmed = undo.confirmedBy().isEmpty() ? "any reply" : String.join(", ", undo.confirmedBy());
    return "command → " + confirmed + attempts(undo.retry().maxAttempts());
  }

  private static String attempts(int max) {
    return max > 1 ? " · " + max + " attempts" : "";
  }

  private void forwardEdges(List<? extends StepDefinition<?>> steps) {
    String previous = START;
    String label = "";
    for (StepDefinition<?> step : steps) {
      if (step.isGrouped()) {
        if (step.isFirstOfGroup()) {
          edge(previous, "-->", label, fork(step.index()));
        }
        edge(fork(step.groupStart()), "-->", "", stepNode(step.index()));
        edge(stepNode(step.index()), "-->", successLabel(step), join(step.groupStart()));
        previous = join(step.groupStart());
        label = "";
      } else {
        edge(previous, "-->", label, stepNode(step.index()));
        previous = stepNode(step.index());
        label = successLabel(step);
      }
    }
    edge(previous, "-->", label, COMPLETED);
  }

  private static String successLabel(StepDefinition<?> step) {
    return step.isLocal() ? "" : String.join("<br/>", step.successReplyTypes());
  }

  /**
   * A failing step compensates the steps before it; one that got no reply may have acted, so its own compensation comes
   * first. A failing branch waits for the branches in flight, then the group is compensated from its last branch (the
   * walk skips branches that failed), so every failure edge of a branch leads there.
   */
  private void failureEdges(StepDefinition<?> step) {
    String from = stepNode(step.index());
    String before = firstCompensationBelow(step.isGrouped() ? step.groupEnd() : step.index() - 1);
    String settle = step.isGrouped() ? " (after the other branches settle)" : "";
    if (step.isLocal()) {
      edge(from, "-.->", "fails", before);
      return;
    }
    if (!step.failureReplyTypes().isEmpty()) {
      edge(from, "-.->", String.join("<br/>", step.failureReplyTypes()) + settle, before);
    }
    String uncertain = !step.isGrouped() && step.compensation().isPresent() ? compensationNode(step.index()) : before;
    int attempts = step.retry().maxAttempts();
    edge(from, "-.->", "no reply after " + attempts + (attempts > 1 ? " attempts" : " attempt") + settle, uncertain);
  }

  private void compensationEdges(StepDefinition<?> step) {
    step.compensation().ifPresent(undo -> {
      String node = compensationNode(step.index());
      edge(node, "-->", "", firstCompensationBelow(step.index() - 1));
      edge(node, "-.->", "retries exhausted", COMPENSATION_FAILED);
    });
  }

  /** @return the compensation node of the highest step at or below {@code index} that has one, else COMPENSATED */
  private String firstCompensationBelow(int index) {
    for (int i = index; i >= 0; i--) {
      Optional<? extends StepCompensation<?>> undo = saga.step(i).compensation();
      if (undo.isPresent()) {
        return compensationNode(i);
      }
    }
    return COMPENSATED;
  }

  private static String fork(int groupStart) {
    return "fork" + groupStart;
  }

  private static String join(int groupStart) {
    return "join" + groupStart;
  }

  private void node(String id, String open, String label, String close) {
    out.add("  " + id + open + label + close);
  }

  private void edge(String from, String arrow, String label, String to) {
    out.add("  " + from + " " + arrow + (label.isEmpty() ? "" : "|\"" + escape(label) + "\"|") + " " + to);
  }

  /** Mermaid entity codes for the characters that would end a quoted label. */
  static String escape(String text) {
    return text.replace("\"", "#quot;");
  }
}
