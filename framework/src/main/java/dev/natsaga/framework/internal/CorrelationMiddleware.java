package dev.natsaga.framework.internal;

import dev.natsaga.framework.Event;
import dev.natsaga.framework.EventContext;
import dev.natsaga.framework.EventHandler;
import dev.natsaga.framework.consume.HandlerInfo;
import dev.natsaga.framework.consume.Middleware;
import dev.natsaga.framework.logging.MdcKeys;
import org.slf4j.MDC;

/**
 * Puts the handled event's correlation id, id and type into the SLF4J MDC and makes it the
 * {@link EventContext} for the handler's duration, so logs carry the ids and outgoing events inherit
 * the correlation.
 */
public final class CorrelationMiddleware implements Middleware {

  @Override
  public EventHandler<Object> wrap(HandlerInfo info, EventHandler<Object> next) {
    return event -> {
      Event<?> previous = EventContext.enter(event);
      MDC.put(MdcKeys.CORRELATION_ID, event.correlationId() != null ? event.correlationId() : event.id());
      MDC.put(MdcKeys.EVENT_ID, event.id());
      MDC.put(MdcKeys.EVENT_TYPE, event.type().name());
      try {
        next.handle(event);
      } finally {
        MDC.remove(MdcKeys.CORRELATION_ID);
        MDC.remove(MdcKeys.EVENT_ID);
        MDC.remove(MdcKeys.EVENT_TYPE);
        EventContext.restore(previous);
      }
    };
  }
}
