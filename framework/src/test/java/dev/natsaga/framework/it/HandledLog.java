package dev.natsaga.framework.it;

import dev.natsaga.framework.Event;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts, per event id, how often a handler ran; thread-safe, for handlers on worker threads. */
final class HandledLog {

  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
  private final AtomicInteger total = new AtomicInteger();

  void record(Event<?> event) {
    record(event.id());
  }

  void record(String id) {
    counts.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
    total.incrementAndGet();
  }

  /** Handler runs, duplicates included. */
  int total() {
    return total.get();
  }

  int count(String id) {
    AtomicInteger n = counts.get(id);
    return n == null ? 0 : n.get();
  }

  Set<String> ids() {
    return Set.copyOf(counts.keySet());
  }

  /** Ids handled more than once, sorted for a readable failure message. */
  Set<String> duplicates() {
    Set<String> d = new TreeSet<>();
    counts.forEach((id, n) -> {
      if (n.get() > 1) {
        d.add(id);
      }
    });
    return d;
  }
}
