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

    SagaRun<?> open(SagaTransaction tx, SagaInstance instance) {
        DefinedSaga<?> saga = DefinedSaga.of(settings.registry().require(instance.sagaType(), instance.definitionVersion()));
        return open(tx, saga, instance);
    }

    <S> SagaRun<S> open(SagaTransaction tx, DefinedSaga<S> saga, SagaInstance instance) {
        return new SagaRun<>(tx, saga, instance, settings.now(), settings.json());
    }
}
