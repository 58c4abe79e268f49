package dev.natsaga.saga.internal.engine;

import dev.natsaga.saga.SagaReply;
import dev.natsaga.saga.StepOutcome;
import dev.natsaga.saga.StepPhase;
import dev.natsaga.saga.internal.dsl.StepDefinition;
import dev.natsaga.saga.store.StepLogEntry;
import java.util.List;
import java.util.Optional;

/** Decides whether a saga waits for a reply, and if not, whether the reply is a duplicate or late. */
final class ReplyCorrelation {

  private ReplyCorrelation() {
  }

  /** @return the phase the reply answers when the saga waits for exactly this reply */
  static Optional<StepPhase> awaited(SagaRun<?> run, SagaReply reply) {
    if (!run.status().isActive() || !run.hasCurrentStep() || run.commandId() == null
        || !run.step().name().equals(reply.step())
        || (reply.commandId() != null && !reply.commandId().equals(run.commandId()))) {
      return Optional.empty();
    }
    StepDefinition<?> step = run.step();
    boolean remote = run.phase() == StepPhase.EXECUTE
        ? !step.isLocal()
        : step.compensation().map(c -> !c.isLocal()).orElse(false);
    return remote ? Optional.of(run.phase()) : Optional.empty();
  }

  /**
   * @return the index of the parallel-group branch awaiting exactly this reply (its step, and its command id when the
   *         reply carries one)
   */
  static Optional<Integer> awaitedBranch(SagaRun<?> run, SagaReply reply) {
    if (!run.status().isActive() || !run.inGroup()) {
      return Optional.empty();
    }
    int index = run.saga().indexOf(reply.step());
    Branch branch = index < 0 ? null : run.branch(index);
    if (branch == null || !branch.awaiting() || (reply.commandId() != null && !reply.commandId().equals(branch.commandId()))) {
      return Optional.empty();
    }
    return Optional.of(index);
  }

  /** @return the phase an unawaited reply belongs to: by its command id when known, else by its type */
  static StepPhase phaseOf(SagaRun<?> run, SagaReply reply, List<StepLogEntry> log) {
    if (reply.commandId() != null) {
      for (StepLogEntry e : log) {
        if (reply.commandId().equals(e.commandId())) {
          return e.phase();
        }
      }
    }
    int index = run.saga().indexOf(reply.step());
    boolean execute = index < 0 || run.saga().step(index).isExecuteReply(reply.type());
    return execute ? StepPhase.EXECUTE : StepPhase.COMPENSATE;
  }

  /** @return true when that step phase was already decided by a reply (so this one is a duplicate) */
  static boolean alreadyAnswered(SagaReply reply, StepPhase phase, List<StepLogEntry> log) {
    return log.stream().anyMatch(e -> e.stepName().equals(reply.step()) && e.phase() == phase && e.replyId() != null
        && (e.outcome() == StepOutcome.SUCCEEDED || e.outcome() == StepOutcome.FAILED)
        && (reply.commandId() == null || reply.commandId().equals(e.commandId())));
  }
}
