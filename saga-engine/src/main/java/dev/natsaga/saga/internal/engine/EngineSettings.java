package dev.natsaga.saga.internal.engine;

import dev.natsaga.saga.SagaRegistry;
import dev.natsaga.saga.SagaJson;
import dev.natsaga.saga.store.SagaStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Everything an engine is built from (validated by {@code SagaEngine.Builder}).
 *
 * @param store              persistence
 * @param registry           definitions by (name, version)
 * @param clock              time source
 * @param json               state and payload codec
 * @param deadlineBatchSize  sagas claimed per round
 * @param claimLease         how long a claim reserves a saga
 * @param maxConflictRetries attempts after optimistic-lock conflicts
 * @param tracing            the saga's spans
 */
public record EngineSettings(SagaStore store, SagaRegistry registry, Clock clock, SagaJson json, int deadlineBatchSize,
              Duration claimLease, int maxConflictRetries, SagaTracing tracing) {

  /** @return the clock's time at the databases' precision (microseconds) */
  Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }
}
