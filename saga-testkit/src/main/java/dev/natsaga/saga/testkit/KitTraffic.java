package dev.natsaga.saga.testkit;

import dev.natsaga.framework.NonRetryableException;
import dev.natsaga.framework.consume.Middleware;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What {@link NatsSagaTestKit} has in flight: commands acknowledged by the stream vs handled by the scripted
 * participants (per command type), replies the participants are publishing vs handled by the reply consumers.
 * Each stage counts its output before it counts itself done, so "every count caught up" plus "no outbox row
 * unpublished" means nothing is on the wire.
 */
final class KitTraffic {

  private final Map<String, AtomicLong> commandsPublished = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> commandsHandled = new ConcurrentHashMap<>();
  private final AtomicLong repliesPublished = new AtomicLong();
  private final AtomicLong repliesHandled = new AtomicLong();

  void commandPublished(String type) {
    commandsPublished.computeIfAbsent(type, t -> new AtomicLong()).incrementAndGet();
  }

  void commandHandled(String type) {
    commandsHandled.computeIfAbsent(type, t -> new AtomicLong()).incrementAndGet();
  }

  /** Counted before the publish (so the reply consumer can never count it first); undone when it fails. */
  void replyPublishing() {
    repliesPublished.incrementAndGet();
  }

  void replyNotPublished() {
    repliesPublished.decrementAndGet();
  }

  /** Middleware that counts a reply as handled when the engine took it, or when it is dead-lettered (never to be handled). */
  Middleware countingReplies(int maxDeliver) {
    return (info, next) -> event -> {
      try {
        next.handle(event);
        replyHandled();
      } catch (NonRetryableException e) {
        replyHandled();
        throw e;
      } catch (Exception | Error e) {
        if (event.delivery().deliveryCount() >= maxDeliver) {
          replyHandled();
        }
        throw e;
      }
    };
  }

  void replyHandled() {
    repliesHandled.incrementAndGet();
  }

  /** A consistent-enough copy; callers compare two snapshots taken a moment apart. */
  Snapshot snapshot() {
    Map<String, long[]> commands = new TreeMap<>();
    commandsPublished.forEach((type, n) -> commands.put(type, new long[] {n.get(), count(commandsHandled, type)}));
    return new Snapshot(commands, repliesPublished.get(), repliesHandled.get());
  }

  private static long count(Map<String, AtomicLong> counts, String type) {
    AtomicLong n = counts.get(type);
    return n == null ? 0 : n.get();
  }

  /** Counts at one moment: per command type {published, handled}, and the replies. */
  record Snapshot(Map<String, long[]> commands, long repliesPublished, long repliesHandled) {

    /** @return whether every command of a type in {@code consumed} was handled and every reply was handled */
    boolean caughtUp(java.util.Set<String> consumed) {
      for (Map.Entry<String, long[]> e : commands.entrySet()) {
        if (consumed.contains(e.getKey()) && e.getValue()[1] < e.getValue()[0]) {
          return false;
        }
      }
      return repliesHandled >= repliesPublished;
    }

    String describe(java.util.Set<String> consumed) {
      StringBuilder out = new StringBuilder("commands published/handled by the scripted participants: ");
      if (commands.isEmpty()) {
        out.append("none");
      }
      String sep = "";
      for (Map.Entry<String, long[]> e : commands.entrySet()) {
        out.append(sep).append(e.getKey()).append(' ').append(e.getValue()[0]).append('/')
            .append(consumed.contains(e.getKey()) ? String.valueOf(e.getValue()[1]) : "(not scripted)");
        sep = ", ";
      }
      return out.append("; replies published/handled: ").append(repliesPublished).append('/').append(repliesHandled).toString();
    }

    /** @return the counts as text, to tell two snapshots apart */
    String signature() {
      StringBuilder out = new StringBuilder();
      commands.forEach((t, c) -> out.append(t).append(c[0]).append(':').append(c[1]).append(';'));
      return out.append(repliesPublished).append(':').append(repliesHandled).toString();
    }
  }
}
