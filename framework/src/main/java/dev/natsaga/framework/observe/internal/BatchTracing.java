package dev.natsaga.framework.observe.internal;

import static dev.natsaga.framework.observe.TraceAttributes.BATCH_MESSAGE_COUNT;
import static dev.natsaga.framework.observe.TraceAttributes.CONSUMER_GROUP;
import static dev.natsaga.framework.observe.TraceAttributes.DESTINATION;
import static dev.natsaga.framework.observe.TraceAttributes.MESSAGING_SYSTEM;
import static dev.natsaga.framework.observe.TraceAttributes.OPERATION_NAME;
import static dev.natsaga.framework.observe.TraceAttributes.OPERATION_TYPE;
import static dev.natsaga.framework.observe.TraceAttributes.SYSTEM;

import dev.natsaga.framework.BatchResult;
import dev.natsaga.framework.consume.HandlerInfo;
import dev.natsaga.framework.internal.BatchJoin;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * One CONSUMER span per batch, {@code process {subject}} with {@code messaging.batch.message_count}, a root span
 * linked to each message's own {@code process} span (the OpenTelemetry messaging conventions for batch processing:
 * a batch has many parents, so they are links); current while the batch handler runs, so what it publishes is traced
 * beneath it. A handler that throws for the whole batch sets status ERROR.
 */
final class BatchTracing implements BatchJoin.BatchObserver {

  private final Tracer tracer;
  private final SpanNames spanNames = new SpanNames("process");

  BatchTracing(Tracer tracer) {
    this.tracer = tracer;
  }

  @Override
  public BatchResult observe(HandlerInfo info, String subject, int size, List<SpanContext> links, Callable<BatchResult> run)
      throws Exception {
    SpanBuilder b = tracer.spanBuilder(spanNames.of(subject))
        .setSpanKind(SpanKind.CONSUMER)
        .setParent(Context.root())
        .setAttribute(MESSAGING_SYSTEM, SYSTEM)
        .setAttribute(DESTINATION, subject)
        .setAttribute(OPERATION_NAME, "process")
        .setAttribute(OPERATION_TYPE, "process")
        .setAttribute(CONSUMER_GROUP, info.durableName())
        .setAttribute(BATCH_MESSAGE_COUNT, (long) size);
    links.forEach(b::addLink);
    Span span = b.startSpan();
    try (Scope ignored = span.makeCurrent()) {
      BatchResult result = run.call();
      if (result != null && result.failedCount() > 0) {
        span.setAttribute("natsaga.batch.failed_count", (long) result.failedCount());
      }
      return result;
    } catch (Exception | Error e) {
      TracingStep.failed(span, e);
      throw e;
    } finally {
      span.end();
    }
  }
}
