package dev.natsaga.saga.testkit;

import dev.natsaga.framework.EventPublisher;
import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.framework.PublishException;
import dev.natsaga.framework.PublishResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An {@link EventPublisher} without NATS that keeps what it is given, for the in-memory {@link SagaTestKit}: the
 * outbox relay publishes the engine's commands into it, {@link #drain()} hands new ones to the test, and
 * {@link #failNext(int)} makes the next publishes fail (as a NATS outage would).
 */
public final class RecordingEventPublisher implements EventPublisher {

  private final List<OutgoingEvent<?>> all = new ArrayList<>();
  private final List<OutgoingEvent<?>> pending = new ArrayList<>();
  private final AtomicInteger failures = new AtomicInteger();

  @Override
  public synchronized PublishResult publish(OutgoingEvent<?> event) {
    if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new PublishException("in-memory publisher: injected publish failure of " + event.type().name(), null);
    }
    all.add(event);
    pending.add(event);
    return new PublishResult(event.id(), "memory." + event.type().name(), "MEMORY", all.size(), false);
  }

  @Override
  public CompletableFuture<PublishResult> publishAsync(OutgoingEvent<?> event) {
    try {
      return CompletableFuture.completedFuture(publish(event));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public List<PublishResult> publishBatch(List<? extends OutgoingEvent<?>> events) {
    return events.stream().map(this::publish).toList();
  }

  @Override
  public void awaitInFlight(Duration timeout) {
  }

  /** @return events published since the last drain, oldest first */
  public synchronized List<OutgoingEvent<?>> drain() {
    List<OutgoingEvent<?>> out = List.copyOf(pending);
    pending.clear();
    return out;
  }

  /** @return every event ever published, oldest first */
  public synchronized List<OutgoingEvent<?>> published() {
    return List.copyOf(all);
  }

  /** Makes the next {@code count} publishes fail. */
  public void failNext(int count) {
    failures.set(count);
  }
}
