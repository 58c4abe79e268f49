package dev.natsaga.saga.testkit;

import dev.natsaga.framework.EventPublisher;
import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.framework.PublishResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The publisher {@link NatsSagaTestKit} gives the orchestrator's relay: it provisions the stream of a command's domain
 * before the first publish (so a command type that no participant handles is still published, and its step times
 * out as with a lost command) and counts acknowledged commands per type (duplicates of a re-publish are not counted).
 */
final class KitCommandPublisher implements EventPublisher {

  private final EventPublisher delegate;
  private final Consumer<String> ensureDomain;
  private final KitTraffic traffic;

  KitCommandPublisher(EventPublisher delegate, Consumer<String> ensureDomain, KitTraffic traffic) {
    this.delegate = delegate;
    this.ensureDomain = ensureDomain;
    this.traffic = traffic;
  }

  @Override
  public PublishResult publish(OutgoingEvent<?> event) {
    ensureDomain.accept(event.type().domain());
    return counted(event, delegate.publish(event));
  }

  @Override
  public CompletableFuture<PublishResult> publishAsync(OutgoingEvent<?> event) {
    ensureDomain.accept(event.type().domain());
    return delegate.publishAsync(event).thenApply(result -> counted(event, result));
  }

  @Override
  public List<PublishResult> publishBatch(List<? extends OutgoingEvent<?>> events) {
    events.forEach(e -> ensureDomain.accept(e.type().domain()));
    List<PublishResult> results = delegate.publishBatch(events);
    for (int i = 0; i < results.size(); i++) {
      counted(events.get(i), results.get(i));
    }
    return results;
  }

  @Override
  public void awaitInFlight(Duration timeout) throws InterruptedException {
    delegate.awaitInFlight(timeout);
  }

  private PublishResult counted(OutgoingEvent<?> event, PublishResult result) {
    if (!result.duplicate()) {
      traffic.commandPublished(event.type().name());
    }
    return result;
  }
}
