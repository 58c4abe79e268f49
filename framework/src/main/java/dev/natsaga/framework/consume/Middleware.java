package dev.natsaga.framework.consume;

import dev.natsaga.framework.EventHandler;

/**
 * Wraps a handler with one cross-cutting concern (logging, correlation, metrics, idempotency),
 * Watermill-style: plain function composition, outermost first.
 *
 * <pre>{@code
 * Middleware timing = (info, next) -> event -> {
 *   long t = System.nanoTime();
 *   try { next.handle(event); } finally { metrics.record(info.durableName(), System.nanoTime() - t); }
 * };
 * }</pre>
 */
@FunctionalInterface
public interface Middleware {

  EventHandler<Object> wrap(HandlerInfo info, EventHandler<Object> next);
}
