package dev.natsaga.saga.internal.engine;

import dev.natsaga.framework.Extensions;
import dev.natsaga.saga.SagaActor;
import dev.natsaga.saga.SagaDirection;
import dev.natsaga.saga.SagaStart;
import dev.natsaga.saga.SagaStatus;
import dev.natsaga.saga.StartWork;
import dev.natsaga.saga.internal.dsl.DefinedSaga;
import dev.natsaga.saga.store.SagaInstance;
import dev.natsaga.saga.store.SagaStoreException;
import dev.natsaga.saga.store.SagaTransaction;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inserts a new saga instance, runs the caller's {@link StartWork} and runs the saga forward until it waits (or ends),
 * all in the caller's transaction.
 */
final class Starter {

  private static final Logger LOG = LoggerFactory.getLogger(Starter.class);

  private final EngineSettings settings;
  private final Runs runs;
  private final Forward forward;

  Starter(EngineSettings settings, Runs runs, Forward forward) {
    this.settings = settings;
    this.runs = runs;
    this.forward = forward;
  }

  <S> UUID start(SagaTransaction tx, PendingLog lines, DefinedSaga<S> saga, S initialState, SagaStart start, UUID id) {
    String callerKey = start.callerKey();
    if (callerKey != null) {
      Optional<UUID> existing = tx.findIdByCallerKey(saga.name(), callerKey);
      if (existing.isPresent()) {
        lines.info(LOG, existing.get(), "saga {} {} already started for caller key '{}'", existing.get(), saga.name(),
            callerKey);
        return existing.get();
      }
    }
    Span span = settings.tracing().start(saga.name(), id);
    try (Scope ignored = span.makeCurrent()) {
      SagaInstance instance = instance(saga, initialState, start, id);
      tx.insert(instance);
      runBeforeSteps(tx, saga, id, start.beforeSteps());
      SagaRun<S> run = runs.open(tx, lines, saga, instance);
      run.info(LOG, "saga {} {} v{} started{}{}", id, saga.name(), saga.version(),
          callerKey == null ? "" : " (caller key '" + callerKey + "')",
          start.actor() == null ? "" : " by a " + start.actor().type() + " principal");
      forward.proceed(run);
      run.save();
      return id;
    } finally {
      span.end();
    }
  }

  /** The new row: first step, first attempt, who started it and the start span's trace context. */
  private <S> SagaInstance instance(DefinedSaga<S> saga, S initialState, SagaStart start, UUID id) {
    Instant now = settings.now();
    SagaActor actor = start.actor();
    Map<String, String> trace = SagaTracing.startContext();
    return SagaInstance.builder().id(id).sagaType(saga.name()).definitionVersion(saga.version())
        .status(SagaStatus.RUNNING).direction(SagaDirection.EXECUTING).stepIndex(0).stepName(saga.step(0).name())
        .stepAttempt(1).stateJson(settings.json().write(initialState, "initial state of saga " + saga.name()))
        .lockVersion(0).callerKey(start.callerKey()).createdAt(now).updatedAt(now)
        .sagaDeadline(saga.deadline().map(now::plus).orElse(null))
        .auth(actor == null ? null : actor.type(), actor == null ? null : actor.id())
        .trace(trace.get(Extensions.TRACEPARENT), trace.get(Extensions.TRACESTATE)).build();
  }

  private static void runBeforeSteps(SagaTransaction tx, DefinedSaga<?> saga, UUID id, StartWork beforeSteps) {
    try {
      beforeSteps.run(tx.connection(), id);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new SagaStoreException("the work before the first step of saga " + id + " " + saga.name() + " failed: " + e, e);
    }
  }
}
