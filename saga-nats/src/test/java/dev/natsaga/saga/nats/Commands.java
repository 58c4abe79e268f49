package dev.natsaga.saga.nats;

import dev.natsaga.framework.consume.Middleware;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fault injection on the participant's runtime, as middleware: drop deliveries of a command type (acknowledged
 * but never handled, like a lost message) or handle each delivery twice (a repeated command).
 */
public final class Commands {

  private final Map<String, AtomicInteger> dropsLeft = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> dropped = new ConcurrentHashMap<>();
  private final Map<String, Boolean> twice = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> failsAfterLeft = new ConcurrentHashMap<>();

  /** Drops the next {@code n} deliveries of {@code type} ({@code Integer.MAX_VALUE} for all). */
  public Commands drop(String type, int n) {
    dropsLeft.put(type, new AtomicInteger(n));
    return this;
  }

  /** Hands every delivery of {@code type} to the handler twice. */
  public Commands handleTwice(String type) {
    twice.put(type, true);
    return this;
  }

  /**
   * The next {@code n} deliveries of {@code type} are handled (committed) and then fail before the acknowledgement,
   * as if the process died between the commit and the ack: the message is redelivered.
   */
  public Commands failAfterHandled(String type, int n) {
    failsAfterLeft.put(type, new AtomicInteger(n));
    return this;
  }

  public int dropped(String type) {
    AtomicInteger n = dropped.get(type);
    return n == null ? 0 : n.get();
  }

  public Middleware middleware() {
    return (info, next) -> event -> {
      String type = info.type().name();
      AtomicInteger left = dropsLeft.get(type);
      if (left != null && left.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
        dropped.computeIfAbsent(type, t -> new AtomicInteger()).incrementAndGet();
        return;
      }
      next.handle(event);
      if (twice.containsKey(type)) {
        next.handle(event);
      }
      AtomicInteger failsLeft = failsAfterLeft.get(type);
      if (failsLeft != null && failsLeft.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
        throw new IllegalStateException("injected: handled " + event.id() + " but lost before the acknowledgement");
      }
    };
  }
}
