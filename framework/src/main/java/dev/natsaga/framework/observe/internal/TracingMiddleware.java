package dev.natsaga.framework.observe.internal;

import static dev.natsaga.framework.observe.TraceAttributes.*;

import dev.natsaga.framework.Event;
import dev.natsaga.framework.EventHandler;
import dev.natsaga.framework.consume.HandlerInfo;
import dev.natsaga.framework.consume.Middleware;
import dev.natsaga.framework.logging.MdcKeys;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import org.slf4j.MDC;

/**
 * Inside the consumer span: puts the decoded event's CloudEvents attributes and correlation id on the span, and
 * {@code trace_id}/{@code span_id} into the logging MDC beside {@code correlationId} for the handler's duration.
 */
final class TracingMiddleware implements Middleware {

  @Override
  public EventHandler<Object> wrap(HandlerInfo info, EventHandler<Object> next) {
    return event -> {
      Span span = Span.current();
      describe(span, event);
      SpanContext ctx = span.getSpanContext();
      if (!ctx.isValid()) {
        next.handle(event);
        return;
      }
      MDC.put(MdcKeys.TRACE_ID, ctx.getTraceId());
      MDC.put(MdcKeys.SPAN_ID, ctx.getSpanId());
      try {
        next.handle(event);
      } finally {
        MDC.remove(MdcKeys.TRACE_ID);
        MDC.remove(MdcKeys.SPAN_ID);
      }
    };
  }

  private static void describe(Span span, Event<?> event) {
    span.setAttribute(MESSAGE_ID, event.id());
    span.setAttribute(CE_ID, event.id());
    span.setAttribute(CE_SOURCE, event.source());
    span.setAttribute(CE_TYPE, event.type().name());
    if (event.subject() != null) {
      span.setAttribute(CE_SUBJECT, event.subject());
    }
    String correlation = event.correlationId() != null ? event.correlationId() : event.id();
    span.setAttribute(CONVERSATION_ID, correlation);
  }
}
