package dev.natsaga.saga.internal.engine;

import dev.natsaga.saga.StepContext;
import java.sql.Connection;
import java.util.UUID;

/** The {@link StepContext} handed to one local step or compensation attempt. */
record LocalStepContext<S>(S state, Connection connection, UUID sagaId, String sagaType, String stepName, int attempt)
        implements StepContext<S> {
}
