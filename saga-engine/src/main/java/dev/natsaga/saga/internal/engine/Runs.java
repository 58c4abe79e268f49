package dev.natsaga.saga.internal.engine;

import dev.natsaga.saga.internal.dsl.DefinedSaga;
import dev.natsaga.saga.store.SagaInstance;
import dev.natsaga.saga.store.SagaTransaction;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.util.function.Supplier;

/** Opens a {@link SagaRun} on the definition version the instance started with. */
final class Runs {

  private final EngineSettings settings;

  Runs(EngineSettings settings) {
    this.settings = settings;
  }

  SagaRun<?> open(SagaTransaction tx, PendingLog lines, SagaInstance instance) {
    DefinedSaga<?> saga = DefinedSaga.of(settings.registry().require(instance.sagaType(), instance.definitionVersion()));
    return open(tx, lines, saga, instance);
  }

  /**
   * Runs {@code work} on a stored saga inside a {@code {saga type} {action}} span that continues the saga's stored
   * trace ({@link SagaTracing#continued}): for work without an incoming message (deadlines, operator actions).
   */
  <T> T continued(SagaInstance instance, String action, Supplier<T> work) {
    Span span = settings.tracing().continued(instance, action);
    try (Scope ignored = span.makeCurrent()) {
      return work.get();
    } finally {
      span.end();
    }
  }

  <S> SagaRun<S> open(SagaTransaction tx, PendingLog lines, DefinedSaga<S> saga, SagaInstance instance) {
    return new SagaRun<>(tx, lines, saga, instance, settings.now(), settings.json(), settings.tracing());
  }
}
