package dev.natsaga.framework.observe.internal;

import static dev.natsaga.framework.observe.TraceAttributes.*;

import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.framework.PublishResult;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;

/**
 * A PRODUCER span per publish, {@code send {subject}}, child of the current context (the handler's consumer span,
 * the saga step, the HTTP request). It is current while the event is encoded, so the event's {@code traceparent}
 * extension and the message's {@code traceparent} header both name it. Ends at the stream's ack.
 */
final class PublishTracing implements PublishObserver {

  private final Tracer tracer;
  private final SpanNames spanNames = new SpanNames("send");

  PublishTracing(Tracer tracer) {
    this.tracer = tracer;
  }

  /**
   * Starts the span with what a sampler may look at (system, destination, operation); the event's own attributes are
   * added when it ends, on the thread that completes the publish, so the publishing thread does only what the span's
   * context needs before the event is encoded.
   */
  @Override
  public Watch begin(OutgoingEvent<?> event, String subject) {
    Span span = tracer.spanBuilder(spanNames.of(subject))
        .setSpanKind(SpanKind.PRODUCER)
        .setAttribute(MESSAGING_SYSTEM, SYSTEM)
        .setAttribute(DESTINATION, subject)
        .setAttribute(OPERATION_NAME, "send")
        .setAttribute(OPERATION_TYPE, "send")
        .startSpan();
    return new Watch() {
      @Override
      public Scope enter() {
        return span.makeCurrent();
      }

      @Override
      public void end(PublishResult result, Throwable failure) {
        span.setAttribute(MESSAGE_ID, event.id());
        span.setAttribute(CE_ID, event.id());
        span.setAttribute(CE_TYPE, event.type().name());
        if (event.subject() != null) {
          span.setAttribute(CE_SUBJECT, event.subject());
        }
        if (failure != null) {
          span.recordException(failure);
          span.setStatus(StatusCode.ERROR, String.valueOf(failure.getMessage()));
          span.setAttribute(ERROR_TYPE, failure.getClass().getName());
        } else {
          span.setAttribute(DUPLICATE, result.duplicate());
        }
        span.end();
      }
    };
  }
}
