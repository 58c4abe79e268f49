package dev.natsaga.saga.internal.engine;

import dev.natsaga.saga.SagaDirection;
import dev.natsaga.saga.SagaStatus;
import dev.natsaga.saga.StepPhase;
import dev.natsaga.saga.internal.dsl.StepDefinition;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a running saga forward from its current step: local steps run inline, a remote step sends its
 * command and the run stops to wait; past the last step the saga is completed. A failure turns it around.
 */
final class Forward {

  private static final Logger LOG = LoggerFactory.getLogger(Forward.class);

  private final Commands commands;
  private final Compensation compensation;

  Forward(Commands commands, Compensation compensation) {
    this.commands = commands;
    this.compensation = compensation;
  }

  <S> void proceed(SagaRun<S> run) {
    while (run.hasCurrentStep()) {
      StepDefinition<S> step = run.step();
      if (step.isGrouped()) {
        fork(run, step);
        return;
      }
      if (!step.isLocal()) {
        send(run, step);
        return;
      }
      Optional<String> failure = LocalSteps.run(run, StepPhase.EXECUTE, step.local());
      if (failure.isPresent()) {
        compensation.begin(run, "step '" + step.name() + "' failed: " + failure.get());
        return;
      }
      run.moveTo(run.stepIndex() + 1);
    }
    Outcomes.reach(run, SagaStatus.COMPLETED, SagaDirection.EXECUTING);
    run.info(LOG, "saga {} {} completed", run.id(), run.saga().name());
  }

  /**
   * Sends the commands of every branch of the parallel group starting at {@code first}, each with its own command id
   * and reply deadline, in this one transaction. A command that cannot be built fails its branch and stops the fork:
   * the branches already sent settle, then the group compensates.
   */
  private <S> void fork(SagaRun<S> run, StepDefinition<S> first) {
    run.info(LOG, "saga {} forks parallel group '{}' ({} branches)", run.id(), first.group(),
        first.groupEnd() - first.groupStart() + 1);
    for (int i = first.groupStart(); i <= first.groupEnd(); i++) {
      StepDefinition<S> branch = run.saga().step(i);
      run.focus(i);
      Optional<String> error = commands.send(run, StepPhase.EXECUTE, branch.command(), branch.timeout());
      run.unfocus(error.isPresent() ? Branch.Status.FAILED : Branch.Status.AWAITING);
      if (error.isPresent()) {
        compensation.abortGroup(run, "branch '" + branch.name() + "' failed: " + error.get());
        return;
      }
    }
  }

  /** Sends (or re-sends) the current remote step's command; a command that cannot be built fails the step. */
  <S> void send(SagaRun<S> run, StepDefinition<S> step) {
    commands.send(run, StepPhase.EXECUTE, step.command(), step.timeout())
        .ifPresent(error -> compensation.begin(run, "step '" + step.name() + "' failed: " + error));
  }
}
