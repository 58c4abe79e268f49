package dev.natsaga.framework.observe;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.Map;

/**
 * W3C trace context in a string map, for work that is stored and continued later (an outbox row, a saga command):
 * {@link #inject} when the row is written, {@link #extract} when it is published, so the publish joins the trace of
 * the work that wrote it. Without an OpenTelemetry SDK nothing is written and {@link #extract} gives the root context.
 *
 * <pre>{@code
 * Map<String, String> headers = new HashMap<>();
 * TraceContexts.inject(headers);                          // in the transaction that writes the row
 * try (Scope s = TraceContexts.extract(row.headers()).makeCurrent()) {
 *   publisher.publish(event);                             // the relay, later, on another thread
 * }
 * }</pre>
 */
public final class TraceContexts {

  private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
  private static final TextMapGetter<Map<String, String>> GETTER = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(Map<String, String> carrier) {
      return carrier.keySet();
    }

    @Override
    public String get(Map<String, String> carrier, String key) {
      return carrier == null ? null : carrier.get(key);
    }
  };

  private TraceContexts() {
  }

  /** Writes the current context as {@code traceparent} (and {@code tracestate}) into {@code carrier}. */
  public static void inject(Map<String, String> carrier) {
    W3C.inject(Context.current(), carrier, Map::put);
  }

  /** The context {@code carrier} holds, or the root context when it holds none. */
  public static Context extract(Map<String, String> carrier) {
    return W3C.extract(Context.root(), carrier, GETTER);
  }
}
