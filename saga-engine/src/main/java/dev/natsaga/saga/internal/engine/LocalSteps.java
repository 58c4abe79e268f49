package dev.natsaga.saga.internal.engine;

import dev.natsaga.saga.LocalAction;
import dev.natsaga.saga.StepOutcome;
import dev.natsaga.saga.StepPhase;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a local step or compensation inside the saga's transaction, behind a savepoint: on failure only its
 * own writes are rolled back, and the failure is recorded in the same transaction.
 */
final class LocalSteps {

  private static final Logger LOG = LoggerFactory.getLogger(LocalSteps.class);

  private LocalSteps() {
  }

  /** @return empty on success (state updated, SUCCEEDED logged), else the error (FAILED logged) */
  static <S> Optional<String> run(SagaRun<S> run, StepPhase phase, LocalAction<S> action) {
    Span span = run.tracing().step(run, phase);
    try (Scope ignored = span.makeCurrent()) {
      Optional<String> error = runInSpan(run, phase, action);
      error.ifPresent(e -> SagaTracing.failed(span, e));
      return error;
    } finally {
      span.end();
    }
  }

  private static <S> Optional<String> runInSpan(SagaRun<S> run, StepPhase phase, LocalAction<S> action) {
    Connection c = run.tx().connection();
    Savepoint savepoint = savepoint(c);
    try {
      S next = action.apply(new LocalStepContext<>(run.state(), c, run.id(), run.saga().name(), run.step().name(),
          run.attempt()));
      c.releaseSavepoint(savepoint);
      String change = next == null ? null : run.state(next);
      run.log(run.entry(phase, StepOutcome.SUCCEEDED).withStateChange(change));
      run.info(LOG, "saga {} step '{}' {} succeeded (local, attempt {})", run.id(), run.step().name(), verb(phase), run.attempt());
      return Optional.empty();
    } catch (Exception e) {
      rollbackTo(c, savepoint, e);
      String error = Failures.describe(e);
      run.log(run.entry(phase, StepOutcome.FAILED).withError(error));
      if (phase == StepPhase.EXECUTE) {
        run.info(LOG, "saga {} step '{}' execution failed (local): {}", run.id(), run.step().name(), error);
      } else {
        run.warn(LOG, "saga {} step '{}' compensation failed (local, attempt {}): {}", run.id(), run.step().name(),
            run.attempt(), error);
      }
      run.debug(LOG, "saga {} step '{}' failure detail", run.id(), run.step().name(), e);
      return Optional.of(error);
    }
  }

  static String verb(StepPhase phase) {
    return phase == StepPhase.EXECUTE ? "execution" : "compensation";
  }

  private static Savepoint savepoint(Connection c) {
    try {
      return c.setSavepoint();
    } catch (SQLException e) {
      throw new IllegalStateException("the saga database does not support savepoints: " + e.getMessage(), e);
    }
  }

  private static void rollbackTo(Connection c, Savepoint savepoint, Exception cause) {
    try {
      c.rollback(savepoint);
    } catch (SQLException e) {
      cause.addSuppressed(e);
      throw new IllegalStateException("rolling back a failed local step failed: " + e.getMessage(), cause);
    }
  }
}
