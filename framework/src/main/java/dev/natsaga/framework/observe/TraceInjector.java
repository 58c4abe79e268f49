package dev.natsaga.framework.observe;

import java.util.function.BiConsumer;

/**
 * Writes the current trace context as {@code traceparent}/{@code tracestate} key-value pairs: into the CloudEvents
 * extension when an event is created, and into the NATS headers of the message that carries it.
 */
@FunctionalInterface
public interface TraceInjector {

  /** Writes nothing: tracing is off. */
  TraceInjector NONE = put -> { };

  void inject(BiConsumer<String, String> put);
}
