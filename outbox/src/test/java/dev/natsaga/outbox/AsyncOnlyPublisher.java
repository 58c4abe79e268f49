package dev.natsaga.outbox;

import dev.natsaga.framework.EventPublisher;
import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.framework.PublishResult;
import java.time.Duration;
import java.util.List;

/** A publisher for relay tests: the relay only calls {@link #publishAsync}; the rest is unsupported. */
abstract class AsyncOnlyPublisher implements EventPublisher {

  @Override
  public PublishResult publish(OutgoingEvent<?> event) {
    throw new UnsupportedOperationException();
  }

  @Override
  public List<PublishResult> publishBatch(List<? extends OutgoingEvent<?>> events) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void awaitInFlight(Duration timeout) {
  }
}
