package dev.natsaga.saga.observe;

import static dev.natsaga.saga.observe.SagaMetricNames.*;

import dev.natsaga.saga.SagaStatus;
import dev.natsaga.saga.StepOutcome;
import dev.natsaga.saga.StepPhase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Records the saga counters and timers (the registry caches the meters by name and tags). */
final class SagaMeters {

  private final MeterRegistry registry;
  private final Set<String> seen = ConcurrentHashMap.newKeySet();

  SagaMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  void started(String sagaType) {
    if (seen.add(sagaType)) {
      register(sagaType);
    }
    counter(STARTED, sagaType).increment();
  }

  /** A saga reached {@code status}; counted when it is an end state (COMPENSATION_FAILED can be resumed and end again). */
  void ended(String sagaType, SagaStatus status, Duration took) {
    String name = switch (status) {
      case COMPLETED -> COMPLETED;
      case COMPENSATED -> COMPENSATED;
      case COMPENSATION_FAILED -> COMPENSATION_FAILED;
      default -> null;
    };
    if (name == null) {
      return;
    }
    counter(name, sagaType).increment();
    Timer.builder(SAGA_DURATION).description("saga from start to its end state").tag("saga_type", sagaType)
        .tag("status", status.name()).publishPercentileHistogram().register(registry).record(took);
  }

  void step(String sagaType, String step, StepPhase phase, StepOutcome outcome, Duration took) {
    Timer.builder(STEP_DURATION).description("one step attempt, from start to its outcome").tag("saga_type", sagaType)
        .tag("step", step).tag("phase", phase.name().toLowerCase(Locale.ROOT))
        .tag("outcome", outcome.name().toLowerCase(Locale.ROOT)).register(registry).record(took);
  }

  /** Registers the counters of a saga type at zero, so dashboards see them before the first saga. */
  private void register(String sagaType) {
    for (String name : new String[] {STARTED, COMPLETED, COMPENSATED, COMPENSATION_FAILED}) {
      counter(name, sagaType);
    }
  }

  private Counter counter(String name, String sagaType) {
    return Counter.builder(name).tag("saga_type", sagaType).register(registry);
  }
}
