package dev.natsaga.framework.observe.internal;

import dev.natsaga.framework.observe.TraceInjector;
import io.nats.client.impl.Headers;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;

/**
 * W3C trace context in NATS headers: the hop's {@code traceparent}/{@code tracestate} headers, and in binary
 * content mode the CloudEvents extension headers {@code ce-traceparent}/{@code ce-tracestate}. W3C always, whatever
 * propagators the application configured: it is natsaga's wire contract.
 */
final class NatsTraceContext {

  private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
  private static final Getter HOP = new Getter("");
  private static final Getter CE_BINARY = new Getter("ce-");

  /** Writes the current context (the producer span) as {@code traceparent}/{@code tracestate}. */
  static final TraceInjector INJECTOR = put -> W3C.inject(Context.current(), put, (p, k, v) -> p.accept(k, v));

  private NatsTraceContext() {
  }

  /** The context a message continues: its hop header, else its CloudEvents extension header, else none (a new trace). */
  static Context extract(Headers headers) {
    if (headers == null) {
      return Context.root();
    }
    Context hop = W3C.extract(Context.root(), headers, HOP);
    if (Span.fromContext(hop).getSpanContext().isValid()) {
      return hop;
    }
    return W3C.extract(Context.root(), headers, CE_BINARY);
  }

  private record Getter(String prefix) implements TextMapGetter<Headers> {
    @Override
    public Iterable<String> keys(Headers carrier) {
      return carrier.keySet();
    }

    @Override
    public String get(Headers carrier, String key) {
      return carrier == null ? null : carrier.getFirst(prefix + key);
    }
  }
}
