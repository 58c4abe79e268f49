package dev.natsaga.saga.internal.engine;

import dev.natsaga.saga.SagaDirection;
import dev.natsaga.saga.SagaStatus;
import dev.natsaga.saga.StepOutcome;
import dev.natsaga.saga.StepPhase;
import dev.natsaga.saga.internal.dsl.StepCompensation;
import dev.natsaga.saga.internal.dsl.StepDefinition;
import dev.natsaga.saga.store.DeadlineKind;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a saga backward: compensates the completed steps in reverse order (a step that failed with a reply
 * is not compensated; one that timed out may have taken effect and is compensated first), retries a failing compensation with its backoff, and parks the saga
 * as {@code COMPENSATION_FAILED} when the retries run out. The instance keeps the original failure reason;
 * compensation errors are in the step log.
 */
final class Compensation {

  private static final Logger LOG = LoggerFactory.getLogger(Compensation.class);

  private final Commands commands;

  Compensation(Commands commands) {
    this.commands = commands;
  }

  /** Turns the saga around at its current (failed) step. */
  <S> void begin(SagaRun<S> run, String reason) {
    run.status(SagaStatus.COMPENSATING, SagaDirection.COMPENSATING);
    run.failureReason(reason);
    run.info(LOG, "saga {} compensating: {}", run.id(), reason);
    run.moveTo(run.stepIndex() - 1);
    proceed(run);
  }

  /**
   * Turns the saga around including its current step, whose outcome is unknown because it timed out:
   * the participant may have done the work and only the reply was lost, so its compensation runs first.
   * Compensations must therefore be idempotent and accept "nothing to undo".
   */
  <S> void beginWithUncertainStep(SagaRun<S> run, String reason) {
    run.status(SagaStatus.COMPENSATING, SagaDirection.COMPENSATING);
    run.failureReason(reason);
    run.info(LOG, "saga {} compensating, starting with the uncertain step '{}': {}", run.id(), run.step().name(), reason);
    run.moveTo(run.stepIndex());
    proceed(run);
  }

  /**
   * A branch of the parallel group the saga is in failed: the saga turns around, waits until no branch is in flight
   * (their replies or timeouts still settle them, without further retries), then compensates the group's branches
   * that succeeded or may have, then the steps before it.
   */
  <S> void abortGroup(SagaRun<S> run, String reason) {
    if (run.status() == SagaStatus.RUNNING) {
      run.status(SagaStatus.COMPENSATING, SagaDirection.COMPENSATING);
      run.failureReason(reason);
      run.info(LOG, "saga {} compensating: {}", run.id(), reason);
    }
    compensateGroupWhenSettled(run);
  }

  /** Starts compensating the group at its last branch once no branch is in flight; until then the saga waits. */
  <S> void compensateGroupWhenSettled(SagaRun<S> run) {
    int waiting = run.awaitingBranches().size();
    if (waiting > 0) {
      run.info(LOG, "saga {} waits for {} branch(es) in flight before compensating", run.id(), waiting);
      return;
    }
    run.moveTo(run.step().groupEnd());
    proceed(run);
  }

  /** Compensates from the current step down to the first, stopping to wait for a reply or a retry. */
  <S> void proceed(SagaRun<S> run) {
    while (run.hasCurrentStep()) {
      StepDefinition<S> step = run.step();
      Optional<StepCompensation<S>> undo = step.compensation();
      if (notExecuted(run, step)) {
        run.log(run.entry(StepPhase.COMPENSATE, StepOutcome.SKIPPED).withError("branch failed or was not sent: nothing to undo"));
      } else if (undo.isEmpty()) {
        run.log(run.entry(StepPhase.COMPENSATE, StepOutcome.SKIPPED).withError("no compensation defined"));
      } else if (!attempt(run, undo.get())) {
        return;
      }
      run.moveTo(run.stepIndex() - 1);
    }
    Outcomes.reach(run, SagaStatus.COMPENSATED, SagaDirection.COMPENSATING);
    run.info(LOG, "saga {} {} compensated", run.id(), run.saga().name());
  }

  /** @return true for a branch of the group in progress that failed or was never sent */
  private static boolean notExecuted(SagaRun<?> run, StepDefinition<?> step) {
    if (!step.isGrouped() || !run.inGroup()) {
      return false;
    }
    Branch branch = run.branch(step.index());
    return branch == null || !branch.needsUndo();
  }

  /** @return true when the step is compensated and the run may move on */
  private <S> boolean attempt(SagaRun<S> run, StepCompensation<S> undo) {
    if (undo.isLocal()) {
      Optional<String> failure = LocalSteps.run(run, StepPhase.COMPENSATE, undo.local());
      failure.ifPresent(error -> attemptFailed(run, undo, error, false));
      return failure.isEmpty();
    }
    commands.send(run, StepPhase.COMPENSATE, undo.command(), undo.timeout())
        .ifPresent(error -> attemptFailed(run, undo, error, true));
    return false;
  }

  /**
   * Schedules the next compensation attempt after its backoff, or parks the saga.
   *
   * @param newCommand true when the participant answered with a failure: the retry gets a new command id
   */
  <S> void attemptFailed(SagaRun<S> run, StepCompensation<S> undo, String error, boolean newCommand) {
    int next = run.attempt() + 1;
    if (newCommand) {
      run.commandId(null);
    }
    if (undo.retry().allows(next)) {
      run.attempt(next);
      run.deadlineIn(undo.retry().delayBefore(next), DeadlineKind.RETRY);
      run.info(LOG, "saga {} compensation of step '{}' failed (attempt {}), next attempt in {}", run.id(),
          run.step().name(), next - 1, undo.retry().delayBefore(next));
      return;
    }
    Outcomes.reach(run, SagaStatus.COMPENSATION_FAILED, SagaDirection.COMPENSATING);
    run.warn(LOG, "saga {} {} is COMPENSATION_FAILED at step '{}' after {} attempts: {}; resume it once the cause is fixed",
        run.id(), run.saga().name(), run.step().name(), run.attempt(), error);
  }
}
