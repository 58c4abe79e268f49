package dev.natsaga.saga.internal.engine;

import dev.natsaga.saga.StepPhase;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import java.util.Locale;
import java.util.UUID;

/**
 * The saga's spans: one for a saga's start and one per step attempt (execute or compensate), children of the current
 * context (the request that started the saga, the reply being handled). A command written to the outbox carries the
 * step span's context as {@code traceparent}, so the relay publishes it in the same trace and the participant's reply
 * continues it. With {@code OpenTelemetry.noop()} (the default) nothing is recorded and the caller's context still
 * travels.
 */
public final class SagaTracing {

  public static final AttributeKey<String> SAGA_TYPE = AttributeKey.stringKey("natsaga.saga.type");
  public static final AttributeKey<String> SAGA_ID = AttributeKey.stringKey("natsaga.saga.id");
  public static final AttributeKey<String> STEP = AttributeKey.stringKey("natsaga.saga.step");
  public static final AttributeKey<String> PHASE = AttributeKey.stringKey("natsaga.saga.phase");
  public static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("natsaga.saga.attempt");
  private final Tracer tracer;

  public SagaTracing(OpenTelemetry openTelemetry) {
    this.tracer = openTelemetry.getTracer("dev.natsaga.saga");
  }

  /** {@code start {saga type}}: around inserting a saga and running it until it waits. */
  Span start(String sagaType, UUID sagaId) {
    return tracer.spanBuilder("start " + sagaType).setAttribute(SAGA_TYPE, sagaType)
        .setAttribute(SAGA_ID, sagaId.toString()).startSpan();
  }

  /** {@code {saga type} {execute|compensate} {step}}: one attempt of a step phase. */
  Span step(SagaRun<?> run, StepPhase phase) {
    String verb = phase.name().toLowerCase(Locale.ROOT);
    return tracer.spanBuilder(run.saga().name() + " " + verb + " " + run.step().name())
        .setAttribute(SAGA_TYPE, run.saga().name()).setAttribute(SAGA_ID, run.id().toString())
        .setAttribute(STEP, run.step().name()).setAttribute(PHASE, verb).setAttribute(ATTEMPT, (long) run.attempt())
        .startSpan();
  }

  static void failed(Span span, String error) {
    span.setStatus(StatusCode.ERROR, error);
    span.setAttribute(AttributeKey.stringKey("error.type"), "step_failed");
  }

}
