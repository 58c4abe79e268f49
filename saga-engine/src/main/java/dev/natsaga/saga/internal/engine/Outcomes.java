package dev.natsaga.saga.internal.engine;

import dev.natsaga.framework.Extensions;
import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.saga.OutcomeHook;
import dev.natsaga.saga.SagaDirection;
import dev.natsaga.saga.SagaOutcome;
import dev.natsaga.saga.SagaOutcomeHookException;
import dev.natsaga.saga.SagaStatus;
import java.sql.Connection;
import java.util.UUID;

/**
 * Ends a run in a final status and runs the definition's {@link OutcomeHook} for it in the same transaction, so the
 * hook's rows and events commit with the final status or not at all. The hook's events carry the saga's correlation
 * id and who started it ({@code authtype}/{@code authid}) unless they set their own.
 */
final class Outcomes {

  private Outcomes() {
  }

  static <S> void reach(SagaRun<S> run, SagaStatus status, SagaDirection direction) {
    run.status(status, direction);
    run.clearDeadline();
    OutcomeHook<S> hook = run.saga().outcomeHook(status);
    if (hook == null) {
      return;
    }
    try {
      hook.run(run.state(), new RunOutcome(run, status));
    } catch (Exception e) {
      throw new SagaOutcomeHookException("the " + status + " hook of saga " + run.id() + " (" + run.saga().name()
          + ") failed: " + e + "; the saga's final transaction was rolled back and is retried", e);
    }
  }

  /** The {@link SagaOutcome} over a run's transaction. */
  private record RunOutcome(SagaRun<?> run, SagaStatus status) implements SagaOutcome {

    @Override
    public UUID sagaId() {
      return run.id();
    }

    @Override
    public String sagaType() {
      return run.saga().name();
    }

    @Override
    public String reason() {
      return status == SagaStatus.COMPLETED ? null : run.failureReason();
    }

    @Override
    public Connection connection() {
      return run.tx().connection();
    }

    @Override
    public void publish(OutgoingEvent<?> event) {
      run.tx().publish(run.withActor(correlated(event)));
    }

    private <T> OutgoingEvent<T> correlated(OutgoingEvent<T> event) {
      boolean has = event.extensions().containsKey(Extensions.CORRELATION_ID);
      return has ? event : event.toBuilder().correlationId(run.id().toString()).build();
    }

    @Override
    public void afterCommit(Runnable action) {
      run.tx().afterCommit(action);
    }
  }
}
