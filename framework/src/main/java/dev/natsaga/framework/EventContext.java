package dev.natsaga.framework;

import dev.natsaga.framework.internal.BatchContexts;
import dev.natsaga.framework.logging.MdcKeys;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.MDC;

/**
 * The event being handled on the current thread, so that events published while handling it
 * inherit its correlation without the handler writing a line for it.
 *
 * <p>The consumer sets it for the handler's duration; code that hands work to another thread can
 * carry it over with {@link #with(Event, Runnable)}.
 */
public final class EventContext {

  private static final ThreadLocal<Event<?>> CURRENT = new ThreadLocal<>();

  private EventContext() {
  }

  /**
   * The extension attributes an event published on this thread now inherits, one rule for the publisher and the
   * outbox: inside a handler, {@code correlationid} = the handled event's correlation id (or its id when it has
   * none), {@code causationid} = its id, its {@code traceparent}/{@code tracestate} and its {@code authtype}/{@code authid}
   * (who caused it); outside a handler,
   * {@code correlationid} = the new event's own id. Attributes the caller set on the event override these.
   *
   * @param eventId the id of the event about to be published
   */
  public static Map<String, String> inheritedExtensions(String eventId) {
    Map<String, String> inherited = new LinkedHashMap<>();
    Event<?> cause = CURRENT.get();
    if (cause == null) {
      inherited.put(Extensions.CORRELATION_ID, eventId);
      return inherited;
    }
    inherited.put(Extensions.CORRELATION_ID, cause.correlationId() != null ? cause.correlationId() : cause.id());
    inherited.put(Extensions.CAUSATION_ID, cause.id());
    copy(inherited, cause, Extensions.TRACEPARENT);
    copy(inherited, cause, Extensions.TRACESTATE);
    copy(inherited, cause, Extensions.AUTH_TYPE);
    copy(inherited, cause, Extensions.AUTH_ID);
    return inherited;
  }

  private static void copy(Map<String, String> into, Event<?> cause, String name) {
    String value = cause.extension(name);
    if (value != null) {
      into.put(name, value);
    }
  }

  /** The event handled on this thread, or null. */
  public static Event<?> current() {
    return CURRENT.get();
  }

  /** Runs {@code work} with {@code event} as the current event, restoring the previous one after. */
  public static void with(Event<?> event, Runnable work) {
    Event<?> previous = CURRENT.get();
    CURRENT.set(event);
    try {
      work.run();
    } finally {
      restore(previous);
    }
  }

  /** Sets the current event and returns the previous one (for the consumer's middleware). */
  public static Event<?> enter(Event<?> event) {
    Event<?> previous = CURRENT.get();
    CURRENT.set(event);
    return previous;
  }

  /**
   * Inside a {@link BatchHandler}: makes {@code event} (one of the batch's) the current event until the scope is closed,
   * as a single handler has it: events published meanwhile inherit its correlation, the MDC holds its ids, and its
   * message's trace context is current, so spans started inside (a database call, the saga engine's) join its trace.
   *
   * <pre>{@code
   * for (Event<Order> e : events) {
   *   try (EventContext.Scope s = EventContext.open(e)) {
   *     publisher.publish("shipping.parcel.requested.v1", request(e.data()));   // correlated with e
   *   }
   * }
   * }</pre>
   */
  public static Scope open(Event<?> event) {
    Event<?> previous = enter(event);
    Map<String, String> mdc = MDC.getCopyOfContextMap();
    MDC.put(MdcKeys.CORRELATION_ID, event.correlationId() != null ? event.correlationId() : event.id());
    MDC.put(MdcKeys.EVENT_ID, event.id());
    MDC.put(MdcKeys.EVENT_TYPE, event.type().name());
    io.opentelemetry.context.Context context = BatchContexts.of(event);
    io.opentelemetry.api.trace.SpanContext span = io.opentelemetry.api.trace.Span.fromContext(context).getSpanContext();
    if (span.isValid()) {
      MDC.put(MdcKeys.TRACE_ID, span.getTraceId());
      MDC.put(MdcKeys.SPAN_ID, span.getSpanId());
    }
    io.opentelemetry.context.Scope trace = context.makeCurrent();
    return () -> {
      trace.close();
      if (mdc == null) {
        MDC.clear();
      } else {
        MDC.setContextMap(mdc);
      }
      restore(previous);
    };
  }

  /** What {@link #open} returns: closing it restores what was current before. */
  @FunctionalInterface
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }

  /** Restores what {@link #enter(Event)} returned. */
  public static void restore(Event<?> previous) {
    if (previous == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(previous);
    }
  }
}
