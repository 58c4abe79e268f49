package dev.natsaga.saga.internal.engine;

import dev.natsaga.saga.ReplyDisposition;
import dev.natsaga.saga.SagaReply;
import dev.natsaga.saga.StepOutcome;
import dev.natsaga.saga.StepPhase;
import dev.natsaga.saga.internal.dsl.ReplyBinding;
import dev.natsaga.saga.internal.dsl.StepCompensation;
import dev.natsaga.saga.internal.dsl.StepDefinition;
import dev.natsaga.saga.SagaJson;
import dev.natsaga.saga.store.AttemptResult;
import dev.natsaga.saga.store.SagaInstance;
import dev.natsaga.saga.store.SagaTransaction;
import dev.natsaga.saga.store.StepLogEntry;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Applies a participant's reply to its saga, or records why it was ignored. */
final class Replies {

  private static final Logger LOG = LoggerFactory.getLogger(Replies.class);

  private final Runs runs;
  private final Forward forward;
  private final Compensation compensation;
  private final ParallelGroups groups;
  private final SagaJson json;

  Replies(Runs runs, Forward forward, Compensation compensation, ParallelGroups groups, SagaJson json) {
    this.runs = runs;
    this.forward = forward;
    this.compensation = compensation;
    this.groups = groups;
    this.json = json;
  }

  ReplyDisposition handle(SagaTransaction tx, PendingLog lines, SagaReply reply) {
    Optional<SagaInstance> instance = tx.load(reply.sagaId());
    if (instance.isEmpty()) {
      lines.warn(LOG, reply.sagaId(), "reply {} ({}) names unknown saga {}; ignored", reply.id(), reply.type(),
          reply.sagaId());
      return ReplyDisposition.UNKNOWN_SAGA;
    }
    return handle(runs.open(tx, lines, instance.get()), reply);
  }

  private <S> ReplyDisposition handle(SagaRun<S> run, SagaReply reply) {
    if (run.tx().hasReply(run.id(), reply.id())) {
      return ignore(run, reply, phaseOfIgnored(run, reply), StepOutcome.DUPLICATE_REPLY, "reply id already handled");
    }
    Optional<Integer> branch = ReplyCorrelation.awaitedBranch(run, reply);
    if (branch.isPresent()) {
      return onBranchReply(run, branch.get(), reply);
    }
    Optional<StepPhase> phase = ReplyCorrelation.awaited(run, reply);
    if (phase.isEmpty()) {
      List<StepLogEntry> log = run.tx().stepLog(run.id());
      StepPhase of = ReplyCorrelation.phaseOf(run, reply, log);
      boolean duplicate = ReplyCorrelation.alreadyAnswered(reply, of, log);
      return ignore(run, reply, of, duplicate ? StepOutcome.DUPLICATE_REPLY : StepOutcome.LATE_REPLY,
          duplicate ? "step already answered" : "saga no longer waits for this reply (status " + run.status() + ")");
    }
    return phase.get() == StepPhase.EXECUTE ? onExecuteReply(run, reply) : onCompensateReply(run, reply);
  }

  private <S> ReplyDisposition onExecuteReply(SagaRun<S> run, SagaReply reply) {
    StepDefinition<S> step = run.step();
    Optional<ReplyBinding<S, ?>> success = step.success(reply.type());
    if (success.isPresent()) {
      S next;
      try {
        next = apply(success.get(), run.state(), reply);
      } catch (Exception e) {
        return ignore(run, reply, StepPhase.EXECUTE, StepOutcome.UNEXPECTED_REPLY, "reply not applied: " + Failures.describe(e));
      }
      String change = run.state(next);
      run.finishAttempt(StepPhase.EXECUTE, result(run, reply, StepOutcome.SUCCEEDED).withStateChange(change));
      run.info(LOG, "saga {} step '{}' succeeded with {} (reply {})", run.id(), step.name(), reply.type(), reply.id());
      run.moveTo(run.stepIndex() + 1);
      forward.proceed(run);
    } else if (step.failsOn(reply.type())) {
      String failure = "failed with " + reply.type() + detail(reply);
      run.finishAttempt(StepPhase.EXECUTE, result(run, reply, StepOutcome.FAILED).withError(failure));
      compensation.begin(run, "step '" + step.name() + "' " + failure);
    } else {
      return ignore(run, reply, StepPhase.EXECUTE, StepOutcome.UNEXPECTED_REPLY,
          "step '" + step.name() + "' does not declare reply type " + reply.type());
    }
    run.save();
    return ReplyDisposition.APPLIED;
  }

  /** A reply to a branch of the parallel group in progress: settles that branch, then the group goes on. */
  private <S> ReplyDisposition onBranchReply(SagaRun<S> run, int index, SagaReply reply) {
    StepDefinition<S> step = run.saga().step(index);
    Optional<ReplyBinding<S, ?>> success = step.success(reply.type());
    Optional<String> failure = Optional.empty();
    if (success.isPresent()) {
      S next;
      try {
        next = apply(success.get(), run.state(), reply);
      } catch (Exception e) {
        return ignore(run, reply, StepPhase.EXECUTE, StepOutcome.UNEXPECTED_REPLY, "reply not applied: " + Failures.describe(e));
      }
      run.focus(index);
      String change = run.state(next);
      run.finishAttempt(StepPhase.EXECUTE, result(run, reply, StepOutcome.SUCCEEDED).withStateChange(change));
      run.unfocus(Branch.Status.SUCCEEDED);
      run.info(LOG, "saga {} branch '{}' succeeded with {} (reply {})", run.id(), step.name(), reply.type(), reply.id());
    } else if (step.failsOn(reply.type())) {
      String error = "failed with " + reply.type() + detail(reply);
      run.focus(index);
      run.finishAttempt(StepPhase.EXECUTE, result(run, reply, StepOutcome.FAILED).withError(error));
      run.unfocus(Branch.Status.FAILED);
      failure = Optional.of("branch '" + step.name() + "' " + error);
    } else {
      return ignore(run, reply, StepPhase.EXECUTE, StepOutcome.UNEXPECTED_REPLY,
          "branch '" + step.name() + "' does not declare reply type " + reply.type());
    }
    groups.settle(run, failure);
    run.save();
    return ReplyDisposition.APPLIED;
  }

  private <S> ReplyDisposition onCompensateReply(SagaRun<S> run, SagaReply reply) {
    StepCompensation<S> undo = run.step().compensation().orElseThrow();
    if (undo.confirms(reply.type())) {
      Optional<ReplyBinding<S, ?>> recording = undo.recording(reply.type());
      String change = null;
      if (recording.isPresent()) {
        try {
          change = run.state(apply(recording.get(), run.state(), reply));
        } catch (Exception e) {
          return ignore(run, reply, StepPhase.COMPENSATE, StepOutcome.UNEXPECTED_REPLY, "reply not applied: " + Failures.describe(e));
        }
      }
      run.finishAttempt(StepPhase.COMPENSATE, result(run, reply, StepOutcome.SUCCEEDED).withStateChange(change));
      run.info(LOG, "saga {} step '{}' compensated with {} (reply {})", run.id(), run.step().name(), reply.type(), reply.id());
      run.moveTo(run.stepIndex() - 1);
      compensation.proceed(run);
    } else {
      String error = "compensation answered with " + reply.type();
      run.finishAttempt(StepPhase.COMPENSATE, result(run, reply, StepOutcome.FAILED).withError(error));
      compensation.attemptFailed(run, undo, error, true);
    }
    run.save();
    return ReplyDisposition.APPLIED;
  }

  private <S> S apply(ReplyBinding<S, ?> binding, S state, SagaReply reply) throws Exception {
    Object payload = binding.payloadClass() == null ? null : json.readBytes(reply.payload(), binding.payloadClass());
    return binding.apply(state, payload);
  }

  private static AttemptResult result(SagaRun<?> run, SagaReply reply, StepOutcome outcome) {
    return AttemptResult.of(outcome, run.now()).withReply(reply.id(), reply.type());
  }

  private static StepPhase phaseOfIgnored(SagaRun<?> run, SagaReply reply) {
    return ReplyCorrelation.phaseOf(run, reply, run.tx().stepLog(run.id()));
  }

  private static ReplyDisposition ignore(SagaRun<?> run, SagaReply reply, StepPhase phase, StepOutcome outcome, String why) {
    int index = run.saga().indexOf(reply.step());
    run.log(new StepLogEntry(0, run.id(), index, reply.step(), phase, 0, outcome, reply.commandId(), null, reply.id(),
        reply.type(), why, run.now(), run.now(), null));
    run.info(LOG, "saga {} ignored reply {} ({}) for step '{}': {} ({})", run.id(), reply.id(), reply.type(), reply.step(),
        outcome, why);
    return switch (outcome) {
      case DUPLICATE_REPLY -> ReplyDisposition.DUPLICATE;
      case LATE_REPLY -> ReplyDisposition.LATE;
      default -> ReplyDisposition.UNEXPECTED;
    };
  }

  /** The failure reply's payload, so the reason says why (e.g. the participant's decline text); at most 300 chars. */
  private static String detail(SagaReply reply) {
    if (reply.payload().length == 0) {
      return "";
    }
    String json = new String(reply.payload(), java.nio.charset.StandardCharsets.UTF_8);
    return ": " + (json.length() > 300 ? json.substring(0, 300) + "..." : json);
  }
}
