package dev.natsaga.saga.testkit;

import dev.natsaga.saga.SagaEngine;
import dev.natsaga.saga.SagaStatus;
import dev.natsaga.saga.SagaStep;
import dev.natsaga.saga.SagaTimeline;
import dev.natsaga.saga.SagaView;
import dev.natsaga.saga.StepOutcome;
import dev.natsaga.saga.StepPhase;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Assertions on one saga; each failure throws an {@link AssertionError} that prints the saga's timeline.
 *
 * <pre>{@code
 * kit.expect(id).status(SagaStatus.COMPENSATED)
 *     .executed("reserve-slot", "authorize-payment")
 *     .compensated("authorize-payment", "reserve-slot");
 * }</pre>
 */
public final class SagaExpectation {

  private final SagaEngine engine;
  private final UUID sagaId;

  SagaExpectation(SagaEngine engine, UUID sagaId) {
    this.engine = engine;
    this.sagaId = sagaId;
  }

  public SagaView view() {
    return engine.find(sagaId).orElseThrow(() -> new AssertionError("no saga " + sagaId));
  }

  public SagaExpectation status(SagaStatus expected) {
    SagaView view = view();
    check(view.status() == expected, "status " + expected + " but was " + view.status(), view);
    return this;
  }

  /** Steps whose execution succeeded, in this order and no others. */
  public SagaExpectation executed(String... steps) {
    return names(StepPhase.EXECUTE, List.of(steps));
  }

  /** Steps whose compensation succeeded, in this order and no others. */
  public SagaExpectation compensated(String... steps) {
    return names(StepPhase.COMPENSATE, List.of(steps));
  }

  /** At least one step-log row for the step, phase and outcome. */
  public SagaExpectation logged(String step, StepPhase phase, StepOutcome outcome) {
    return loggedTimes(step, phase, outcome, -1);
  }

  /** Exactly {@code times} rows ({@code -1}: at least one). */
  public SagaExpectation loggedTimes(String step, StepPhase phase, StepOutcome outcome, int times) {
    SagaView view = view();
    long n = view.steps().stream()
        .filter(e -> e.stepName().equals(step) && e.phase() == phase && e.outcome() == outcome).count();
    check(times < 0 ? n > 0 : n == times, (times < 0 ? "a" : times + "") + " " + phase + " " + outcome + " row(s) for step '"
        + step + "' but found " + n, view);
    return this;
  }

  /** The decoded state satisfies {@code condition}. */
  public <S> SagaExpectation state(Class<S> type, Predicate<S> condition) {
    S state = engine.findState(sagaId, type).orElseThrow();
    check(condition.test(state), "state matching the condition but was " + state, view());
    return this;
  }

  private SagaExpectation names(StepPhase phase, List<String> expected) {
    SagaView view = view();
    List<String> actual = view.steps().stream()
        .filter(e -> e.phase() == phase && e.outcome() == StepOutcome.SUCCEEDED)
        .map(SagaStep::stepName).toList();
    check(actual.equals(expected), phase + " succeeded for " + expected + " but was " + actual, view);
    return this;
  }

  private static void check(boolean ok, String expectation, SagaView view) {
    if (!ok) {
      throw new AssertionError("expected " + expectation + "\n" + SagaTimeline.render(view));
    }
  }
}
