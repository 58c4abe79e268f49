package dev.natsaga.framework.observe.internal;

import dev.natsaga.framework.observe.TraceInjector;
import io.nats.client.impl.Headers;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * W3C trace context in NATS headers: the hop's {@code traceparent}/{@code tracestate} headers, and in binary
 * content mode the CloudEvents extension headers {@code ce-traceparent}/{@code ce-tracestate}. W3C always, whatever
 * propagators the application configured: it is natsaga's wire contract.
 */
final class NatsTraceContext {

  private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
  private static final String TRACEPARENT = "traceparent";
  private static final String TRACESTATE = "tracestate";
  private static final Getter HOP = new Getter(TRACEPARENT, TRACESTATE);
  private static final Getter CE_BINARY = new Getter("ce-" + TRACEPARENT, "ce-" + TRACESTATE);

  /** Writes the current context (the producer span) as {@code traceparent}/{@code tracestate}. */
  static final TraceInjector INJECTOR = new LastContextInjector();

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

  /**
   * Reads the two W3C fields from the header names given, as constants: no header name is built per message (the
   * propagator asks for each field by its W3C name).
   */
  private record Getter(String traceparent, String tracestate) implements TextMapGetter<Headers> {
    @Override
    public Iterable<String> keys(Headers carrier) {
      return carrier.keySet();
    }

    @Override
    public String get(Headers carrier, String key) {
      if (carrier == null) {
        return null;
      }
      if (TRACEPARENT.equals(key)) {
        return carrier.getFirst(traceparent);
      }
      return TRACESTATE.equals(key) ? carrier.getFirst(tracestate) : null;
    }
  }

  /**
   * The W3C injector with the fields of the last span context it wrote kept per thread: a publish writes the same
   * producer span's context twice, into the CloudEvents extension and into the NATS headers, and formats it once.
   */
  private static final class LastContextInjector implements TraceInjector {
    private final ThreadLocal<Written> last = new ThreadLocal<>();

    @Override
    public void inject(BiConsumer<String, String> put) {
      Context context = Context.current();
      SpanContext span = Span.fromContext(context).getSpanContext();
      Written written = last.get();
      if (written == null || written.span != span) {
        written = new Written(span, new ArrayList<>(4));
        W3C.inject(context, written.fields, (fields, k, v) -> {
          fields.add(k);
          fields.add(v);
        });
        last.set(written);
      }
      for (int i = 0; i < written.fields.size(); i += 2) {
        put.accept(written.fields.get(i), written.fields.get(i + 1));
      }
    }

    /** The fields written for {@code span}: name, value, name, value. */
    private record Written(SpanContext span, List<String> fields) { }
  }
}
