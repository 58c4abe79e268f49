package dev.natsaga.saga.internal.engine;

import dev.natsaga.saga.Retry;
import dev.natsaga.saga.SagaStatus;
import dev.natsaga.saga.StepOutcome;
import dev.natsaga.saga.StepPhase;
import dev.natsaga.saga.internal.dsl.StepDefinition;
import dev.natsaga.saga.store.AttemptResult;
import dev.natsaga.saga.store.DeadlineKind;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settles the branches of a parallel group: joins when every branch succeeded, turns the saga around when one
 * failed, and acts on branch deadlines (reply timeouts with their own retries, scheduled re-sends). The fork itself is
 * in {@link Forward}; a branch's reply is applied by {@link Replies}.
 */
final class ParallelGroups {

  private static final Logger LOG = LoggerFactory.getLogger(ParallelGroups.class);

  private final Forward forward;
  private final Commands commands;
  private final Compensation compensation;

  ParallelGroups(Forward forward, Commands commands, Compensation compensation) {
    this.forward = forward;
    this.commands = commands;
    this.compensation = compensation;
  }

  /**
   * After branches settled (called once per reply or deadline): a failure turns the saga around; a saga turned around
   * compensates once no branch is in flight; a running one joins and moves on once every branch succeeded.
   *
   * @param failure why a branch failed just now, or empty
   */
  <S> void settle(SagaRun<S> run, Optional<String> failure) {
    if (failure.isPresent()) {
      compensation.abortGroup(run, failure.get());
    } else if (run.status() == SagaStatus.COMPENSATING) {
      compensation.compensateGroupWhenSettled(run);
    } else if (run.awaitingBranches().isEmpty()) {
      StepDefinition<S> first = run.step();
      run.info(LOG, "saga {} joined parallel group '{}'", run.id(), first.group());
      run.moveTo(first.groupEnd() + 1);
      forward.proceed(run);
    }
  }

  /** Acts on every branch whose deadline passed. */
  <S> void deadlinePassed(SagaRun<S> run) {
    Optional<String> failure = Optional.empty();
    for (Branch branch : run.awaitingBranches()) {
      if (branch.deadline() != null && !branch.deadline().isAfter(run.now())) {
        Optional<String> failed = branchDue(run, branch, failure.isPresent());
        failure = failure.or(() -> failed);
      }
    }
    settle(run, failure);
  }

  /** @return why the branch failed, when it did (timed out on its last attempt, or its command could not be built) */
  private <S> Optional<String> branchDue(SagaRun<S> run, Branch branch, boolean failedJustNow) {
    boolean aborting = failedJustNow || run.status() == SagaStatus.COMPENSATING;
    StepDefinition<S> step = run.saga().step(branch.index());
    run.focus(branch.index());
    if (branch.deadlineKind() == DeadlineKind.RETRY && !aborting) {
      Optional<String> error = commands.send(run, StepPhase.EXECUTE, step.command(), step.timeout());
      run.unfocus(error.isPresent() ? Branch.Status.FAILED : Branch.Status.AWAITING);
      return error.map(e -> "branch '" + step.name() + "' failed: " + e);
    }
    if (branch.deadlineKind() == DeadlineKind.REPLY_TIMEOUT) {
      run.finishAttempt(StepPhase.EXECUTE, AttemptResult.of(StepOutcome.TIMED_OUT, run.now())
          .withError("no reply within " + step.timeout()));
    }
    Retry retry = step.retry();
    int next = run.attempt() + 1;
    if (!aborting && retry.allows(next)) {
      run.attempt(next);
      run.deadlineIn(retry.delayBefore(next), DeadlineKind.RETRY);
      run.unfocus(Branch.Status.AWAITING);
      run.info(LOG, "saga {} branch '{}' timed out (attempt {}), retrying in {}", run.id(), step.name(), next - 1,
          retry.delayBefore(next));
      return Optional.empty();
    }
    int attempts = branch.deadlineKind() == DeadlineKind.RETRY ? run.attempt() - 1 : run.attempt();
    run.unfocus(Branch.Status.UNCERTAIN);
    run.info(LOG, "saga {} branch '{}' timed out after {} attempt(s)", run.id(), step.name(), attempts);
    return Optional.of("branch '" + step.name() + "' timed out after " + attempts + " attempts (no reply within "
        + step.timeout() + ")");
  }

  /**
   * The saga's deadline passed inside the group: every branch in flight is uncertain (its attempt ends as timed out),
   * and the group compensates at once with the reason {@code deadline}.
   */
  <S> void sagaDeadlinePassed(SagaRun<S> run, String reason) {
    for (Branch branch : run.awaitingBranches()) {
      run.focus(branch.index());
      if (branch.deadlineKind() == DeadlineKind.REPLY_TIMEOUT) {
        run.finishAttempt(StepPhase.EXECUTE, AttemptResult.of(StepOutcome.TIMED_OUT, run.now())
            .withError("the saga's deadline passed while waiting for the reply"));
      }
      run.unfocus(Branch.Status.UNCERTAIN);
    }
    compensation.abortGroup(run, reason);
  }
}
