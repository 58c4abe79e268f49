package dev.natsaga.eventstore;

import java.util.List;

/**
 * The events of one aggregate read from the store, in version order.
 *
 * @param aggregate the aggregate
 * @param events the events read (all, or the requested range)
 * @param version the version of the last event read, or the version before the range when none was read
 * @param sequence the stream sequence of the last event read (0 when none); appends use it as the expected position
 */
public record EventStream(AggregateKey aggregate, List<StoredEvent> events, long version, long sequence) {

  public EventStream {
    events = List.copyOf(events);
  }

  public boolean isEmpty() {
    return events.isEmpty();
  }
}
