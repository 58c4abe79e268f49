package dev.natsaga.framework.observe.internal;

import dev.natsaga.framework.Environment;
import dev.natsaga.framework.EventPublisher;
import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.framework.PublishResult;
import dev.natsaga.framework.internal.NatsEventPublisher;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * An {@link EventPublisher} decorator that lets a {@link PublishObserver} watch every publish (synchronous,
 * asynchronous and each event of a batch), so metrics and tracing each stay one small class.
 */
final class ObservedPublisher implements EventPublisher {

  private final EventPublisher next;
  private final PublishObserver observer;
  private final Environment environment;

  ObservedPublisher(EventPublisher next, PublishObserver observer, Environment environment) {
    this.next = next;
    this.observer = observer;
    this.environment = environment;
  }

  @Override
  public PublishResult publish(OutgoingEvent<?> event) {
    PublishObserver.Watch watch = observer.begin(event, environment.subject(event.type()));
    PublishResult result;
    try (Scope ignored = watch.enter()) {
      result = next.publish(event);
    } catch (RuntimeException e) {
      watch.end(null, e);
      throw e;
    }
    watch.end(result, null);
    return result;
  }

  @Override
  public CompletableFuture<PublishResult> publishAsync(OutgoingEvent<?> event) {
    PublishObserver.Watch watch = observer.begin(event, environment.subject(event.type()));
    CompletableFuture<PublishResult> sent;
    try (Scope ignored = watch.enter()) {
      sent = next.publishAsync(event);
    } catch (RuntimeException e) {
      watch.end(null, e);
      throw e;
    }
    CompletableFuture<PublishResult> result = new CompletableFuture<>();
    sent.whenComplete((r, e) -> {
      Throwable failure = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
      watch.end(r, failure);
      if (failure == null) {
        result.complete(r);
      } else {
        result.completeExceptionally(failure);
      }
    });
    return result;
  }

  @Override
  public List<PublishResult> publishBatch(List<? extends OutgoingEvent<?>> events) {
    List<CompletableFuture<PublishResult>> futures = new ArrayList<>(events.size());
    for (OutgoingEvent<?> event : events) {
      futures.add(publishAsync(event));
    }
    return NatsEventPublisher.joinAll(futures);
  }

  @Override
  public void awaitInFlight(Duration timeout) throws InterruptedException {
    next.awaitInFlight(timeout);
  }
}
