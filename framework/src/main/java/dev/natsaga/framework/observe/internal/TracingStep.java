package dev.natsaga.framework.observe.internal;

import static dev.natsaga.framework.observe.TraceAttributes.*;

import dev.natsaga.framework.consume.HandlerInfo;
import dev.natsaga.framework.internal.MessageStep;
import dev.natsaga.framework.internal.Outcome;
import dev.natsaga.framework.internal.StepDecorator;
import io.nats.client.Message;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;

/**
 * A CONSUMER span per delivery, {@code process {subject}}, child of the context the message carries; current while
 * the handler runs, so what it publishes is traced beneath it. The outcome ends up on the span: a retry or a dead
 * letter sets status ERROR and {@code error.type}, a dead letter adds a {@code dead_lettered} event with its reason.
 */
final class TracingStep implements StepDecorator {

  private static final String MSG_ID = "Nats-Msg-Id";
  private final Tracer tracer;
  private final SpanNames spanNames = new SpanNames("process");

  TracingStep(Tracer tracer) {
    this.tracer = tracer;
  }

  @Override
  public MessageStep wrap(HandlerInfo info, MessageStep next) {
    return msg -> {
      Span span = start(info, msg);
      try (Scope ignored = span.makeCurrent()) {
        Outcome outcome = next.process(msg);
        record(span, outcome);
        return outcome;
      } catch (RuntimeException | Error e) {
        failed(span, e);
        throw e;
      } finally {
        span.end();
      }
    };
  }

  private Span start(HandlerInfo info, Message msg) {
    var b = tracer.spanBuilder(spanNames.of(msg.getSubject()))
        .setSpanKind(SpanKind.CONSUMER)
        .setParent(NatsTraceContext.extract(msg.getHeaders()))
        .setAttribute(MESSAGING_SYSTEM, SYSTEM)
        .setAttribute(DESTINATION, msg.getSubject())
        .setAttribute(OPERATION_NAME, "process")
        .setAttribute(OPERATION_TYPE, "process")
        .setAttribute(CONSUMER_GROUP, info.durableName());
    String id = msg.getHeaders() == null ? null : msg.getHeaders().getFirst(MSG_ID);
    if (id != null) {
      b.setAttribute(MESSAGE_ID, id);
    }
    if (msg.isJetStream()) {
      b.setAttribute(DELIVERY, msg.metaData().deliveredCount());
    }
    return b.startSpan();
  }

  /** Marks {@code span} as failed with {@code e} (status ERROR, the exception, {@code error.type}). */
  static void failed(Span span, Throwable e) {
    span.recordException(e);
    span.setStatus(StatusCode.ERROR, e.toString());
    span.setAttribute(ERROR_TYPE, e.getClass().getName());
  }

  private static void record(Span span, Outcome outcome) {
    span.setAttribute(OUTCOME, outcome.kind().tag());
    if (outcome.errorType() == null) {
      return;
    }
    span.setAttribute(ERROR_TYPE, outcome.errorType());
    span.setStatus(StatusCode.ERROR, String.valueOf(outcome.error()));
    if (outcome.deadLettered()) {
      span.setAttribute(DLQ_REASON, outcome.reason());
      span.addEvent("dead_lettered", Attributes.of(DLQ_REASON, outcome.reason(), ERROR_TYPE, outcome.errorType()));
    } else {
      span.addEvent("retry_scheduled", Attributes.of(ERROR_TYPE, outcome.errorType()));
    }
  }
}
