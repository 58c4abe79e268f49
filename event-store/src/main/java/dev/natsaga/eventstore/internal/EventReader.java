package dev.natsaga.eventstore.internal;

import dev.natsaga.eventstore.AggregateKey;
import dev.natsaga.eventstore.EventStoreException;
import dev.natsaga.eventstore.EventStream;
import dev.natsaga.eventstore.StoredEvent;
import dev.natsaga.framework.EventType;
import dev.natsaga.framework.codec.CloudEventCodec;
import dev.natsaga.framework.codec.InvalidCloudEventException;
import dev.natsaga.framework.internal.PayloadCodec;
import io.nats.client.Connection;
import io.nats.client.FetchConsumeOptions;
import io.nats.client.FetchConsumer;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamStatusCheckedException;
import io.nats.client.Message;
import io.nats.client.OrderedConsumerContext;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.OrderedConsumerConfiguration;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an aggregate's events in order with an ordered consumer filtered on the aggregate's subjects, starting at a
 * stream sequence. A chained append that is not complete yet (see {@link ChainedAppender}) is left out, so a reader
 * sees it all or not at all.
 */
final class EventReader {

  private static final int FETCH = 1000;

  private final Connection connection;
  private final AggregateSubjects subjects;
  private final CloudEventCodec codec;
  private final PayloadCodec payloads;
  private final Duration timeout;

  EventReader(Connection connection, AggregateSubjects subjects, CloudEventCodec codec, PayloadCodec payloads, Duration timeout) {
    this.connection = connection;
    this.subjects = subjects;
    this.codec = codec;
    this.payloads = payloads;
    this.timeout = timeout;
  }

  /** The events with versions {@code fromVersion..toVersion} found from stream sequence {@code startSequence} on. */
  EventStream read(AggregateKey key, long startSequence, long fromVersion, long toVersion) {
    List<Message> messages = fetchAll(key, startSequence, toVersion);
    int visible = visibleCount(messages);
    List<StoredEvent> events = new ArrayList<>();
    long version = fromVersion - 1;
    long sequence = 0;
    for (Message m : messages.subList(0, visible)) {
      long v = StoreHeaders.version(m.getHeaders());
      if (v >= fromVersion && v <= toVersion) {
        StoredEvent e = decode(key, m, v);
        events.add(e);
        version = v;
        sequence = e.sequence();
      }
    }
    return new EventStream(key, events, version, sequence);
  }

  /** Messages of a trailing, not yet complete chained append are not visible. */
  static int visibleCount(List<Message> messages) {
    int n = messages.size();
    while (n > 0 && StoreHeaders.chainIncomplete(messages.get(n - 1).getHeaders())) {
      n--;
    }
    return n;
  }

  private List<Message> fetchAll(AggregateKey key, long startSequence, long toVersion) {
    OrderedConsumerConfiguration config = new OrderedConsumerConfiguration().filterSubject(subjects.filter(key));
    if (startSequence > 1) {
      config.deliverPolicy(DeliverPolicy.ByStartSequence).startSequence(startSequence);
    }
    List<Message> out = new ArrayList<>();
    try {
      OrderedConsumerContext consumer = connection.getStreamContext(subjects.stream(key)).createOrderedConsumer(config);
      while (true) {
        Message last = fetchBatch(consumer, out);
        if (last == null || last.metaData().pendingCount() == 0 || StoreHeaders.version(last.getHeaders()) >= toVersion) {
          return out;
        }
      }
    } catch (IOException | JetStreamApiException e) {
      throw new EventStoreException("cannot read " + key + " from stream " + subjects.stream(key) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EventStoreException("interrupted while reading " + key, e);
    }
  }

  private Message fetchBatch(OrderedConsumerContext consumer, List<Message> out)
      throws IOException, JetStreamApiException, InterruptedException {
    Message last = null;
    FetchConsumeOptions options = FetchConsumeOptions.builder().maxMessages(FETCH).noWaitExpiresIn(timeout.toMillis()).build();
    FetchConsumer fetch = consumer.fetch(options);
    try {
      for (Message m = fetch.nextMessage(); m != null; m = fetch.nextMessage()) {
        out.add(m);
        last = m;
      }
    } catch (JetStreamStatusCheckedException e) {
      throw new IOException(e.getMessage(), e);
    } finally {
      fetch.stop();
    }
    return last;
  }

  private StoredEvent decode(AggregateKey key, Message m, long version) {
    try {
      var ce = codec.decode(m);
      return new StoredEvent(ce, EventType.parse(ce.getType()), version, m.metaData().streamSequence(), payloads);
    } catch (InvalidCloudEventException | IllegalArgumentException e) {
      throw new EventStoreException("event " + version + " of " + key + " (stream sequence " + m.metaData().streamSequence()
          + ") is not a valid CloudEvent: " + e.getMessage(), e);
    }
  }
}
