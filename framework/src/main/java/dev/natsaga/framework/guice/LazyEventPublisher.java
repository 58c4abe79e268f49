package dev.natsaga.framework.guice;

import dev.natsaga.framework.EventPublisher;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.framework.PublishResult;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The injected {@link EventPublisher}: resolves the started runtime's publisher on first use, so it
 * can be injected into objects built before {@link NatsagaService#start()} (handlers among them,
 * which the {@link Natsaga} itself depends on, hence the {@code Provider}).
 */
final class LazyEventPublisher implements EventPublisher {

  private final Provider<Natsaga> natsaga;
  private volatile EventPublisher delegate;

  @Inject
  LazyEventPublisher(Provider<Natsaga> natsaga) {
    this.natsaga = natsaga;
  }

  private EventPublisher delegate() {
    EventPublisher current = delegate;
    if (current == null) {
      try {
        current = natsaga.get().publisher();
      } catch (IllegalStateException e) {
        throw new IllegalStateException("the injected EventPublisher was used before natsaga started: "
            + "call NatsagaService.start() (after the injector is built) before publishing", e);
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
    return "LazyEventPublisher[" + (delegate != null ? "started" : "not yet resolved") + "]";
  }
}
