package dev.natsaga.saga;

import dev.natsaga.saga.store.SagaInstance;
import dev.natsaga.saga.store.StepLogEntry;
import java.util.List;

/**
 * A saga with its step log, as returned by {@link SagaQueries#find(java.util.UUID)}; the state is
 * {@code instance().stateJson()}.
 *
 * @param instance the instance row
 * @param steps    every step log row, oldest first
 */
public record SagaView(SagaInstance instance, List<StepLogEntry> steps) {

  public SagaView {
    steps = List.copyOf(steps);
  }

  public SagaStatus status() {
    return instance.status();
  }
}
