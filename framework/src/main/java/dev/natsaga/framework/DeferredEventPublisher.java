package dev.natsaga.framework;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * An {@link EventPublisher} that resolves the runtime's publisher on first use, so it can be handed to objects built
 * before the {@link Natsaga} starts (handlers among them, which the runtime itself is built from). Both wirings
 * (Guice, Spring Boot) bind this as their injectable publisher.
 *
 * <pre>{@code
 * EventPublisher publisher = new DeferredEventPublisher(() -> natsaga, "start the runtime before publishing");
 * }</pre>
 */
public final class DeferredEventPublisher implements EventPublisher {

  private final Supplier<Natsaga> natsaga;
  private final String howToStart;
  private volatile EventPublisher delegate;

  /**
   * @param natsaga resolves the runtime (on first use)
   * @param howToStart the fix to name when it is used before the runtime started, e.g. "call NatsagaService.start()"
   */
  public DeferredEventPublisher(Supplier<Natsaga> natsaga, String howToStart) {
    this.natsaga = Objects.requireNonNull(natsaga, "natsaga");
    this.howToStart = Objects.requireNonNull(howToStart, "howToStart");
  }

  private EventPublisher delegate() {
    EventPublisher current = delegate;
    if (current == null) {
      try {
        current = natsaga.get().publisher();
      } catch (IllegalStateException e) {
        throw new IllegalStateException("the EventPublisher was used before natsaga started: " + howToStart, e);
      }
      delegate = current;
    }
    return current;
  }

  @Override
  public PublishResult publish(OutgoingEvent<?> event) {
    return delegate().publish(event);
  }

  @Override
  public PublishResult publish(String type, Object data) {
    return delegate().publish(type, data);
  }

  @Override
  public CompletableFuture<PublishResult> publishAsync(OutgoingEvent<?> event) {
    return delegate().publishAsync(event);
  }

  @Override
  public List<PublishResult> publishBatch(List<? extends OutgoingEvent<?>> events) {
    return delegate().publishBatch(events);
  }

  @Override
  public void awaitInFlight(Duration timeout) throws InterruptedException {
    EventPublisher current = delegate;
    if (current != null) {
      current.awaitInFlight(timeout);
    }
  }

  @Override
  public String toString() {
    return "DeferredEventPublisher[" + (delegate != null ? "started" : "not yet resolved") + "]";
  }
}
