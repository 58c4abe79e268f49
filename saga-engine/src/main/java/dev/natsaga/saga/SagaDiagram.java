package dev.natsaga.saga;

import dev.natsaga.saga.internal.dsl.DefinedSaga;
import dev.natsaga.saga.internal.dsl.MermaidFlowchart;
import java.util.Objects;

/**
 * A saga definition drawn as a <a href="https://mermaid.js.org/syntax/flowchart.html">Mermaid flowchart</a>, generated
 * from the DSL: the steps in order with the reply types that move them on, parallel groups as a fork and a join, the
 * failures (failure replies, no reply after the last attempt, a failing local step) as dotted edges into the
 * compensations, the compensations in reverse order down to {@code COMPENSATED}, and {@code COMPENSATION_FAILED} when
 * their retries run out. The text is deterministic, so a README can hold a copy that a test compares.
 *
 * <pre>{@code
 * String diagram = SagaDiagram.mermaid(booking);                          // paste into a ```mermaid block
 * String live = SagaDiagram.mermaid(booking, queries.find(id).orElseThrow()); // the saga's current node marked
 * }</pre>
 */
public final class SagaDiagram {

  private SagaDiagram() {
  }

  /** @return the flowchart of {@code definition}, starting with {@code flowchart TD} */
  public static String mermaid(SagaDefinition<?> definition) {
    return MermaidFlowchart.render(DefinedSaga.of(Objects.requireNonNull(definition, "definition")));
  }

  /**
   * @param definition the saga definition
   * @param stepName   the step to mark as current
   * @param phase      {@code EXECUTE} marks the step, {@code COMPENSATE} its compensation (or the step when it has none)
   * @return the flowchart with that node styled as the current one
   * @throws IllegalArgumentException when the definition has no such step
   */
  public static String mermaid(SagaDefinition<?> definition, String stepName, StepPhase phase) {
    DefinedSaga<?> saga = DefinedSaga.of(Objects.requireNonNull(definition, "definition"));
    int index = saga.indexOf(stepName);
    if (index < 0) {
      throw new IllegalArgumentException("saga '" + saga.name() + "' v" + saga.version() + " has no step '" + stepName
          + "'; its steps are " + saga.stepNames());
    }
    boolean undo = phase == StepPhase.COMPENSATE && saga.step(index).compensation().isPresent();
    return MermaidFlowchart.render(saga, undo ? MermaidFlowchart.compensationNode(index) : MermaidFlowchart.stepNode(index));
  }

  /**
   * @return the flowchart with where {@code saga} stands marked: its current step (or compensation), or the final
   *         status it reached
   * @throws IllegalArgumentException when the saga is of another type or version than {@code definition}
   */
  public static String mermaid(SagaDefinition<?> definition, SagaView saga) {
    if (!definition.name().equals(saga.sagaType()) || definition.version() != saga.definitionVersion()) {
      throw new IllegalArgumentException("saga " + saga.id() + " is " + saga.sagaType() + " v" + saga.definitionVersion()
          + ", not " + definition.name() + " v" + definition.version());
    }
    if (saga.stepName() != null && saga.status().isActive()) {
      StepPhase phase = saga.direction() == SagaDirection.EXECUTING ? StepPhase.EXECUTE : StepPhase.COMPENSATE;
      return mermaid(definition, saga.stepName(), phase);
    }
    return MermaidFlowchart.render(DefinedSaga.of(definition), switch (saga.status()) {
      case COMPLETED -> MermaidFlowchart.COMPLETED;
      case COMPENSATION_FAILED -> MermaidFlowchart.COMPENSATION_FAILED;
      default -> MermaidFlowchart.COMPENSATED;
    });
  }
}
