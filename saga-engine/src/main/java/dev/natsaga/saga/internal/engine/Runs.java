package dev.natsaga.saga.internal.engine;

import dev.natsaga.saga.internal.dsl.DefinedSaga;
import dev.natsaga.saga.store.SagaInstance;
import dev.natsaga.saga.store.SagaTransaction;

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

  <S> SagaRun<S> open(SagaTransaction tx, PendingLog lines, DefinedSaga<S> saga, SagaInstance instance) {
    return new SagaRun<>(tx, lines, saga, instance, settings.now(), settings.json(), settings.tracing());
  }
}
