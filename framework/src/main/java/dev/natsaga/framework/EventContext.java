package dev.natsaga.framework;

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

  /** Restores what {@link #enter(Event)} returned. */
  public static void restore(Event<?> previous) {
    if (previous == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(previous);
    }
  }
}
