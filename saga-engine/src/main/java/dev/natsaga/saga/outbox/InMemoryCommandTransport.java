package dev.natsaga.saga.outbox;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link CommandTransport} that keeps what it is given: {@link #drain()} hands new messages to the test,
 * {@link #published()} returns all of them. {@link #failNext(int)} makes the next publishes throw.
 */
public final class InMemoryCommandTransport implements CommandTransport {

  private final List<OutboxMessage> all = new ArrayList<>();
  private final List<OutboxMessage> pending = new ArrayList<>();
  private final AtomicInteger failures = new AtomicInteger();

  @Override
  public synchronized Collection<UUID> publish(List<OutboxMessage> batch) {
    if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new IllegalStateException("in-memory transport: injected publish failure");
    }
    all.addAll(batch);
    pending.addAll(batch);
    return batch.stream().map(OutboxMessage::id).toList();
  }

  /** @return messages published since the last drain, oldest first */
  public synchronized List<OutboxMessage> drain() {
    List<OutboxMessage> out = List.copyOf(pending);
    pending.clear();
    return out;
  }

  /** @return every message ever published, oldest first */
  public synchronized List<OutboxMessage> published() {
    return List.copyOf(all);
  }

  /** Makes the next {@code count} calls to {@link #publish(List)} throw. */
  public void failNext(int count) {
    failures.set(count);
  }
}
