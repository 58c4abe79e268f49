package dev.natsaga.framework.internal;

import dev.natsaga.framework.Event;
import io.opentelemetry.context.Context;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The trace context each event of the running batch was handled in (its message's {@code process} span), on the thread
 * that runs the batch handler, for {@link dev.natsaga.framework.EventContext#open}.
 */
public final class BatchContexts {

  private static final ThreadLocal<Map<Event<?>, Context>> CURRENT = new ThreadLocal<>();

  private BatchContexts() {
  }

  /** The context {@code event} was handled in, or the current one when it is not an event of the running batch. */
  public static Context of(Event<?> event) {
    Map<Event<?>, Context> contexts = CURRENT.get();
    Context context = contexts == null ? null : contexts.get(event);
    return context != null ? context : Context.current();
  }

  /** Sets the contexts of the batch about to run on this thread; returns the previous ones for {@link #restore}. */
  static Map<Event<?>, Context> enter(Map<Event<?>, Context> contexts) {
    Map<Event<?>, Context> previous = CURRENT.get();
    CURRENT.set(new IdentityHashMap<>(contexts));
    return previous;
  }

  static void restore(Map<Event<?>, Context> previous) {
    if (previous == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(previous);
    }
  }
}
