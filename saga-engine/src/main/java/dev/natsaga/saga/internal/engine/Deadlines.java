package dev.natsaga.saga.internal.engine;

import dev.natsaga.saga.Retry;
import dev.natsaga.saga.StepOutcome;
import dev.natsaga.saga.StepPhase;
import dev.natsaga.saga.internal.dsl.StepCompensation;
import dev.natsaga.saga.internal.dsl.StepDefinition;
import dev.natsaga.saga.store.AttemptResult;
import dev.natsaga.saga.store.ClaimedSaga;
import dev.natsaga.saga.store.DeadlineKind;
import dev.natsaga.saga.store.SagaInstance;
import dev.natsaga.saga.store.SagaTransaction;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acts on a claimed saga whose deadline passed: a reply timeout, or a scheduled retry; in a {@code {saga type}
 * deadline} span that continues the saga's stored trace.
 */
final class Deadlines {

  private static final Logger LOG = LoggerFactory.getLogger(Deadlines.class);

  /** The failure reason of a saga whose overall deadline passed. */
  static final String SAGA_DEADLINE_REASON = "deadline";

  private final Runs runs;
  private final Forward forward;
  private final Compensation compensation;
  private final ParallelGroups groups;

  Deadlines(Runs runs, Forward forward, Compensation compensation, ParallelGroups groups) {
    this.runs = runs;
    this.forward = forward;
    this.compensation = compensation;
    this.groups = groups;
  }

  /** @return false when the saga changed since the claim (someone else moved it) */
  boolean handle(SagaTransaction tx, PendingLog lines, ClaimedSaga claim) {
    Optional<SagaInstance> instance = tx.load(claim.id());
    if (instance.isEmpty() || instance.get().lockVersion() != claim.lockVersion()
        || !instance.get().status().isActive() || instance.get().deadlineKind() == null) {
      return false;
    }
    return runs.continued(instance.get(), "deadline", () -> {
      act(runs.open(tx, lines, instance.get()));
      return true;
    });
  }

  private void act(SagaRun<?> run) {
    if (run.sagaDeadlinePassed()) {
      sagaDeadlinePassed(run);
    } else if (!run.awaitingBranches().isEmpty()) {
      groups.deadlinePassed(run);
    } else if (run.deadlineKind() == DeadlineKind.RETRY) {
      retryNow(run);
    } else {
      timedOut(run);
    }
    run.save();
  }

  /**
   * The saga's overall deadline passed while it waits for a step: the step's outcome is unknown (its command may have
   * taken effect), so compensation starts with it, as after a timeout. The reason is {@code deadline}.
   */
  private <S> void sagaDeadlinePassed(SagaRun<S> run) {
    if (!run.awaitingBranches().isEmpty()) {
      run.info(LOG, "saga {} {} missed its deadline inside parallel group '{}'", run.id(), run.saga().name(), run.step().group());
      groups.sagaDeadlinePassed(run, SAGA_DEADLINE_REASON);
      return;
    }
    if (run.deadlineKind() == DeadlineKind.REPLY_TIMEOUT) {
      run.finishAttempt(run.phase(), AttemptResult.of(StepOutcome.TIMED_OUT, run.now())
          .withError("the saga's deadline passed while waiting for the reply"));
    }
    run.info(LOG, "saga {} {} missed its deadline at step '{}'", run.id(), run.saga().name(), run.step().name());
    compensation.beginWithUncertainStep(run, SAGA_DEADLINE_REASON);
  }

  private <S> void retryNow(SagaRun<S> run) {
    if (run.phase() == StepPhase.EXECUTE) {
      forward.send(run, run.step());
    } else {
      compensation.proceed(run);
    }
  }

  private <S> void timedOut(SagaRun<S> run) {
    StepDefinition<S> step = run.step();
    StepPhase phase = run.phase();
    Optional<StepCompensation<S>> undo = phase == StepPhase.COMPENSATE ? step.compensation() : Optional.empty();
    Duration timeout = undo.map(StepCompensation::timeout).orElse(step.timeout());
    String error = "no reply within " + timeout;
    run.finishAttempt(phase, AttemptResult.of(StepOutcome.TIMED_OUT, run.now()).withError(error));
    if (undo.isPresent()) {
      compensation.attemptFailed(run, undo.get(), error, false);
      return;
    }
    Retry retry = step.retry();
    int next = run.attempt() + 1;
    if (retry.allows(next)) {
      run.attempt(next);
      run.deadlineIn(retry.delayBefore(next), DeadlineKind.RETRY);
      run.info(LOG, "saga {} step '{}' timed out (attempt {}), retrying in {}", run.id(), step.name(), next - 1,
          retry.delayBefore(next));
    } else {
      run.info(LOG, "saga {} step '{}' timed out after {} attempts", run.id(), step.name(), run.attempt());
      compensation.beginWithUncertainStep(run, "step '" + step.name() + "' timed out after " + run.attempt() + " attempts (" + error + ")");
    }
  }
}
