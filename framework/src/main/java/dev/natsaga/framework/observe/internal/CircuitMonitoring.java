package dev.natsaga.framework.observe.internal;

import dev.natsaga.framework.health.ComponentHealth;
import dev.natsaga.framework.health.HealthCheck;
import dev.natsaga.framework.internal.CircuitBreakingStep;
import dev.natsaga.framework.observe.MetricNames;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A handler's circuit in health and metrics: the readiness component {@code circuit:<durable>} (DOWN while open or
 * half-open: the handler's dependency is failing and its messages wait in the stream) and the gauges
 * {@link MetricNames#CIRCUIT_STATE} and {@link MetricNames#CIRCUIT_OPENED}.
 */
final class CircuitMonitoring implements HealthCheck {

  private final CircuitBreakingStep circuit;

  CircuitMonitoring(CircuitBreakingStep circuit) {
    this.circuit = circuit;
  }

  @Override
  public String name() {
    return "circuit:" + circuit.info().durableName();
  }

  @Override
  public ComponentHealth check() {
    CircuitBreaker breaker = circuit.breaker();
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("state", breaker.getState().name());
    details.put("failureRatePercent", Math.max(0, Math.round(breaker.getMetrics().getFailureRate())));
    details.put("timesOpened", circuit.timesOpened());
    if (breaker.getState() == CircuitBreaker.State.CLOSED) {
      return ComponentHealth.up(name(), details);
    }
    details.put("error", "handler failing: pulling paused, messages wait in " + circuit.info().stream());
    return ComponentHealth.down(name(), details);
  }

  void bind(MeterRegistry registry) {
    String handler = circuit.info().durableName();
    Gauge.builder(MetricNames.CIRCUIT_STATE, circuit, c -> code(c.breaker().getState()))
        .description("0 closed, 1 open, 2 half-open").tag("handler", handler).register(registry);
    FunctionCounter.builder(MetricNames.CIRCUIT_OPENED, circuit, CircuitBreakingStep::timesOpened)
        .description("times the handler's circuit opened").tag("handler", handler).register(registry);
  }

  static int code(CircuitBreaker.State state) {
    return switch (state) {
      case CLOSED -> 0;
      case OPEN, FORCED_OPEN -> 1;
      case HALF_OPEN -> 2;
      default -> -1;
    };
  }
}
