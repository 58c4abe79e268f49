package dev.natsaga.framework.observe.internal;

import dev.natsaga.framework.Environment;
import dev.natsaga.framework.EventPublisher;
import dev.natsaga.framework.config.ObservabilityOptions;
import dev.natsaga.framework.consume.HandlerInfo;
import dev.natsaga.framework.consume.Middleware;
import dev.natsaga.framework.health.Health;
import dev.natsaga.framework.internal.CircuitBreakingStep;
import dev.natsaga.framework.internal.BatchJoin;
import dev.natsaga.framework.internal.DurableConsumer;
import dev.natsaga.framework.internal.MessageStep;
import dev.natsaga.framework.observe.TraceInjector;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Puts metrics and tracing around publish and consume when the application gave a {@code MeterRegistry} and an
 * {@code OpenTelemetry}; with neither every method returns its input unchanged (no cost). Also builds the
 * built-in health checks.
 */
public final class Observability implements AutoCloseable {

  /** The instrumentation scope of natsaga's spans. */
  public static final String SCOPE = "dev.natsaga.framework";
  private final MeterRegistry registry;
  private final Tracer tracer;
  private final ObservabilityOptions options;
  private final Environment environment;
  private final PublishMetrics publishMetrics;
  private JetStreamGauges gauges;

  /**
   * @param registry the application's meter registry, or null for no metrics
   * @param openTelemetry the application's OpenTelemetry, or null for no tracing
   */
  public Observability(MeterRegistry registry, OpenTelemetry openTelemetry, ObservabilityOptions options, Environment environment) {
    this.registry = registry;
    this.tracer = openTelemetry == null ? null : openTelemetry.getTracer(SCOPE);
    this.options = options;
    this.environment = environment;
    this.publishMetrics = registry == null ? null : new PublishMetrics(registry, environment.name());
  }

  /** Writes the current trace context into events and messages; nothing without tracing. */
  public TraceInjector traceInjector() {
    return tracer == null ? TraceInjector.NONE : NatsTraceContext.INJECTOR;
  }

  /** Told the subject of each retried publish attempt. */
  public Consumer<String> publishRetries() {
    return publishMetrics == null ? subject -> { } : publishMetrics::retried;
  }

  /** The publisher watched by metrics and tracing (one decorator for both: one future per asynchronous publish). */
  public EventPublisher publisher(EventPublisher raw) {
    if (tracer != null && publishMetrics != null) {
      return new ObservedPublisher(raw, PublishObserver.both(publishMetrics, new PublishTracing(tracer)), environment);
    }
    if (tracer != null) {
      return new ObservedPublisher(raw, new PublishTracing(tracer), environment);
    }
    return publishMetrics == null ? raw : new ObservedPublisher(raw, publishMetrics, environment);
  }

  /** A delivery's processing with the consumer span inside the metrics. */
  public MessageStep consume(HandlerInfo info, MessageStep processor) {
    MessageStep step = processor;
    if (tracer != null) {
      step = new TracingStep(tracer).wrap(info, step);
    }
    if (registry != null) {
      step = new ConsumeMetrics(registry).wrap(info, step);
    }
    return step;
  }

  /** The span around each batch of a batch handler, if tracing, and its size, if metrics. */
  public BatchJoin.BatchObserver batchObserver() {
    BatchJoin.BatchObserver observer = tracer == null ? BatchJoin.BatchObserver.NONE : new BatchTracing(tracer);
    return registry == null ? observer : new BatchMetrics(registry, observer);
  }

  /** Handler middleware putting the event's attributes on the span and the trace ids into the MDC, if tracing. */
  public Optional<Middleware> handlerMiddleware() {
    return tracer == null ? Optional.empty() : Optional.of(new TracingMiddleware());
  }

  /** Starts the JetStream gauges (with metrics) and registers NATS, JetStream and each consumer with {@code health}. */
  public void start(Connection connection, List<DurableConsumer> consumers, Health health) {
    health.register(new NatsHealthCheck(connection, options.healthTimeout()));
    health.register(new JetStreamHealthCheck(connection, options.healthTimeout()));
    for (DurableConsumer c : consumers) {
      health.register(new ConsumerHealthCheck(connection, c, options.healthTimeout(), options.consumerStallAfter(),
          options.handlersStuckAfter()));
    }
    if (registry != null) {
      gauges = new JetStreamGauges(registry, connection, environment.dlqStreamName(), options.metricsPollInterval(),
          options.healthTimeout());
      gauges.start(consumers.stream().map(DurableConsumer::info).toList());
    }
  }

  /** Registers each handler circuit's health component and, with metrics, its gauges. */
  public void watch(List<CircuitBreakingStep> circuits, Health health) {
    for (CircuitBreakingStep c : circuits) {
      CircuitMonitoring monitoring = new CircuitMonitoring(c);
      health.register(monitoring);
      if (registry != null) {
        monitoring.bind(registry);
      }
    }
  }

  @Override
  public void close() {
    if (gauges != null) {
      gauges.close();
    }
  }
}
