package dev.natsaga.saga.internal.engine;

import dev.natsaga.saga.SagaDirection;
import dev.natsaga.saga.SagaNotFoundException;
import dev.natsaga.saga.SagaStatus;
import dev.natsaga.saga.StepOutcome;
import dev.natsaga.saga.StepPhase;
import dev.natsaga.saga.store.AttemptResult;
import dev.natsaga.saga.store.SagaInstance;
import dev.natsaga.saga.store.SagaTransaction;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's actions: resume (restart a parked compensation, or make an active saga due now) and abort (turn a
 * running saga into compensation), each in a span continuing the saga's stored trace.
 */
final class Resumption {

  private static final Logger LOG = LoggerFactory.getLogger(Resumption.class);

  private final Runs runs;
  private final Compensation compensation;

  Resumption(Runs runs, Compensation compensation) {
    this.runs = runs;
    this.compensation = compensation;
  }

  void resume(SagaTransaction tx, PendingLog lines, UUID sagaId) {
    SagaInstance instance = tx.load(sagaId).orElseThrow(() -> new SagaNotFoundException(sagaId));
    runs.continued(instance, "resume", () -> {
      resume(runs.open(tx, lines, instance), instance);
      return null;
    });
  }

  private void resume(SagaRun<?> run, SagaInstance instance) {
    UUID sagaId = instance.id();
    switch (instance.status()) {
      case COMPENSATION_FAILED -> restartCompensation(run);
      case RUNNING, COMPENSATING -> {
        run.dueNow();
        run.info(LOG, "saga {} made due now by an operator (step '{}', {})", sagaId, instance.stepName(), instance.status());
      }
      default -> throw new IllegalStateException("saga " + sagaId + " is " + instance.status()
          + "; only COMPENSATION_FAILED, RUNNING or COMPENSATING sagas can be resumed");
    }
    run.save();
  }

  private void restartCompensation(SagaRun<?> run) {
    run.info(LOG, "saga {} resumed by an operator: compensating again from step '{}'", run.id(), run.step().name());
    run.status(SagaStatus.COMPENSATING, SagaDirection.COMPENSATING);
    run.moveTo(run.stepIndex());
    compensation.proceed(run);
  }

  /**
   * Ends the open attempt of the current step as failed and compensates from that step on: its command may have taken
   * effect (only the reply is missing), so its compensation runs first, as after a timeout.
   */
  void abort(SagaTransaction tx, PendingLog lines, UUID sagaId, String reason) {
    SagaInstance instance = tx.load(sagaId).orElseThrow(() -> new SagaNotFoundException(sagaId));
    if (instance.status() != SagaStatus.RUNNING) {
      throw new IllegalStateException("saga " + sagaId + " is " + instance.status() + "; only a RUNNING saga can be aborted"
          + (instance.status() == SagaStatus.COMPENSATION_FAILED ? " (resume it to compensate again)" : ""));
    }
    runs.continued(instance, "abort", () -> {
      SagaRun<?> run = runs.open(tx, lines, instance);
      String why = "aborted by an operator at step '" + run.step().name() + "': " + reason;
      run.finishAttempt(StepPhase.EXECUTE, AttemptResult.of(StepOutcome.FAILED, run.now()).withError(why));
      compensation.beginWithUncertainStep(run, why);
      run.save();
      return null;
    });
  }
}
