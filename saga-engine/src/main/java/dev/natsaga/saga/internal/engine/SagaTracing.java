package dev.natsaga.saga.internal.engine;

import dev.natsaga.framework.Extensions;
import dev.natsaga.framework.observe.TraceContexts;
import dev.natsaga.saga.StepPhase;
import dev.natsaga.saga.store.SagaInstance;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The saga's spans: one for a saga's start and one per step attempt (execute or compensate), children of the current
 * context (the request that started the saga, the reply being handled). A command written to the outbox carries the
 * step span's context as {@code traceparent}, so the relay publishes it in the same trace and the participant's reply
 * continues it. With {@code OpenTelemetry.noop()} (the default) nothing is recorded and the caller's context still
 * travels.
 *
 * <p>The start span's context is stored with the saga ({@link #startContext()}); work without an incoming message (a
 * deadline, a retry after a timeout, a resume after a restart, an operator action) runs in a span that is a child of
 * it ({@link #continued}), so it stays in the saga's trace; the operator's own request, if traced, is a link.
 */
public final class SagaTracing {

  public static final AttributeKey<String> SAGA_TYPE = AttributeKey.stringKey("natsaga.saga.type");
  public static final AttributeKey<String> SAGA_ID = AttributeKey.stringKey("natsaga.saga.id");
  public static final AttributeKey<String> STEP = AttributeKey.stringKey("natsaga.saga.step");
  public static final AttributeKey<String> PHASE = AttributeKey.stringKey("natsaga.saga.phase");
  public static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("natsaga.saga.attempt");
  private static final int MAX_TRACESTATE = 512;
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

  /**
   * {@code {saga type} {action}} ({@code deadline}, {@code resume}, {@code abort}): work on a stored saga without an
   * incoming message. Its parent is the saga's stored start context (a new trace when it has none); a traced caller
   * (an operator's request) is linked.
   */
  Span continued(SagaInstance instance, String action) {
    Context stored = TraceContexts.extract(storedContext(instance));
    SpanContext saga = Span.fromContext(stored).getSpanContext();
    SpanBuilder span = tracer.spanBuilder(instance.sagaType() + " " + action)
        .setAttribute(SAGA_TYPE, instance.sagaType()).setAttribute(SAGA_ID, instance.id().toString());
    if (saga.isValid()) {
      span.setParent(stored);
      SpanContext caller = Span.current().getSpanContext();
      if (caller.isValid() && !caller.getTraceId().equals(saga.getTraceId())) {
        span.addLink(caller);
      }
    }
    return span.startSpan();
  }

  /** @return the current context as {@code traceparent}/{@code tracestate} (empty without a sampled span) */
  static Map<String, String> startContext() {
    Map<String, String> carrier = new HashMap<>();
    TraceContexts.inject(carrier);
    String state = carrier.get(Extensions.TRACESTATE);
    if (state != null && state.length() > MAX_TRACESTATE) {
      carrier.remove(Extensions.TRACESTATE); // W3C lets a hop drop tracestate; the column holds 512
    }
    return carrier;
  }

  private static Map<String, String> storedContext(SagaInstance instance) {
    Map<String, String> carrier = new HashMap<>();
    if (instance.traceparent() != null) {
      carrier.put(Extensions.TRACEPARENT, instance.traceparent());
      if (instance.tracestate() != null) {
        carrier.put(Extensions.TRACESTATE, instance.tracestate());
      }
    }
    return carrier;
  }

  static void failed(Span span, String error) {
    span.setStatus(StatusCode.ERROR, error);
    span.setAttribute(AttributeKey.stringKey("error.type"), "step_failed");
  }

}
