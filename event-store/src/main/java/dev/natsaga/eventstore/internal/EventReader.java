package dev.natsaga.eventstore.internal;

import dev.natsaga.eventstore.AggregateKey;
import dev.natsaga.eventstore.EventStoreException;
import dev.natsaga.eventstore.EventStream;
import dev.natsaga.eventstore.StoredEvent;
import dev.natsaga.framework.EventType;
import dev.natsaga.framework.codec.CloudEventCodec;
import dev.natsaga.framework.codec.InvalidCloudEventException;
import dev.natsaga.framework.codec.PayloadCodec;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Reads an aggregate's events in order from a stream sequence on: with batched direct gets where the server has them,
 * else with an ordered consumer filtered on the aggregate's subjects. A chained append that is not complete yet (see {@link ChainedAppender}) is left out, so a reader
 * sees it all or not at all.
 */
final class EventReader {

  private final AggregateSubjects subjects;
  private final CloudEventCodec codec;
  private final PayloadCodec payloads;
  private final Positions positions;
  private final boolean direct;
  private final DirectBatchFetch directFetch;
  private final OrderedConsumerFetch orderedFetch;

  /** {@code direct}: the server has batched direct get (2.11+); else an ordered consumer reads. */
  EventReader(Connection connection, AggregateSubjects subjects, CloudEventCodec codec, PayloadCodec payloads, Positions positions,
      Duration timeout, boolean direct) {
    this.subjects = subjects;
    this.codec = codec;
    this.payloads = payloads;
    this.positions = positions;
    this.direct = direct;
    this.directFetch = new DirectBatchFetch(connection, timeout);
    this.orderedFetch = new OrderedConsumerFetch(connection, timeout);
  }

  /** The events with versions {@code fromVersion..toVersion} found from stream sequence {@code startSequence} on. */
  EventStream read(AggregateKey key, long startSequence, long fromVersion, long toVersion) {
    List<RawEvent> messages = fetchAll(key, startSequence, toVersion);
    int visible = visibleCount(messages);
    List<StoredEvent> events = new ArrayList<>();
    long version = fromVersion - 1;
    long sequence = 0;
    for (RawEvent m : messages.subList(0, visible)) {
      long v = StoreHeaders.version(m.message().getHeaders());
      if (v >= fromVersion && v <= toVersion) {
        events.add(decode(key, m, v));
        version = v;
        sequence = m.sequence();
      }
    }
    return new EventStream(key, events, version, sequence);
  }

  /** Messages of a trailing, not yet complete chained append are not visible. */
  static int visibleCount(List<RawEvent> messages) {
    int n = messages.size();
    while (n > 0 && StoreHeaders.chainIncomplete(messages.get(n - 1).message().getHeaders())) {
      n--;
    }
    return n;
  }

  private List<RawEvent> fetchAll(AggregateKey key, long startSequence, long toVersion) {
    List<RawEvent> out = new ArrayList<>();
    Predicate<RawEvent> stop = m -> StoreHeaders.version(m.message().getHeaders()) >= toVersion;
    try {
      if (direct) {
        directFetch.fetch(subjects.stream(key), subjects.filter(key), startSequence, out, stop);
      } else {
        long last = positions.lastSequence(key);
        orderedFetch.fetch(subjects.stream(key), subjects.filter(key), startSequence, last, out, stop);
      }
      return out;
    } catch (IOException | JetStreamApiException e) {
      throw new EventStoreException("cannot read " + key + " from stream " + subjects.stream(key) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EventStoreException("interrupted while reading " + key, e);
    }
  }

  private StoredEvent decode(AggregateKey key, RawEvent m, long version) {
    try {
      var ce = codec.decode(m.message());
      return new StoredEvent(ce, EventType.parse(ce.getType()), version, m.sequence(), payloads);
    } catch (InvalidCloudEventException | IllegalArgumentException e) {
      throw new EventStoreException("event " + version + " of " + key + " (stream sequence " + m.sequence()
          + ") is not a valid CloudEvent: " + e.getMessage(), e);
    }
  }
}
