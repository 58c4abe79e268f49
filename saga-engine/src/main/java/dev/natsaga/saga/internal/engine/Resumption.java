package dev.natsaga.saga.internal.engine;

import dev.natsaga.saga.SagaDirection;
import dev.natsaga.saga.SagaNotFoundException;
import dev.natsaga.saga.SagaStatus;
import dev.natsaga.saga.store.SagaInstance;
import dev.natsaga.saga.store.SagaTransaction;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The operator's resume: restart a parked compensation, or make an active saga due now. */
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
    SagaRun<?> run = runs.open(tx, lines, instance);
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
}
