package dev.natsaga.eventstore.internal;

import dev.natsaga.eventstore.AggregateKey;
import dev.natsaga.eventstore.AppendResult;
import dev.natsaga.eventstore.EventStore;
import dev.natsaga.eventstore.EventStoreException;
import dev.natsaga.eventstore.EventStoreOptions;
import dev.natsaga.eventstore.EventStream;
import dev.natsaga.framework.Json;
import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.framework.codec.CloudEventCodec;
import dev.natsaga.framework.codec.EventFactory;
import dev.natsaga.framework.codec.PayloadCodec;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.impl.NatsMessage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@link EventStore} on JetStream: see the module README for the subject design. One event is one publish with
 * the expected sequence; several events are one atomic batch, or a chain where the stream has no atomic batches.
 */
public final class JetStreamEventStore implements EventStore {

  private final AggregateSubjects subjects;
  private final EventEncoder encoder;
  private final EventReader reader;
  private final Positions positions;
  private final ExpectedPublisher publisher;
  private final AtomicBatchAppender batches;
  private final ChainedAppender chains;
  private final StreamSetup streams;
  private final EventStoreOptions options;

  public JetStreamEventStore(Connection connection, EventStoreOptions options) {
    this.options = options;
    this.subjects = new AggregateSubjects(options.environment());
    JetStreamManagement jsm = management(connection);
    CloudEventCodec codec = new CloudEventCodec();
    PayloadCodec payloads = new PayloadCodec(Json.mapper());
    this.encoder = new EventEncoder(subjects, new EventFactory(options.serviceName(), payloads), codec, options.contentMode());
    this.positions = new Positions(jsm, subjects, options.attempts());
    boolean direct = connection.getServerInfo().isSameOrNewerThanVersion("2.11.0");
    this.reader = new EventReader(connection, subjects, codec, payloads, positions, options.timeout(), direct);
    this.publisher = new ExpectedPublisher(jetStream(connection), positions, options.timeout(), options.attempts());
    this.batches = new AtomicBatchAppender(connection, publisher, options.timeout());
    this.chains = new ChainedAppender(jsm, publisher);
    this.streams = new StreamSetup(connection, jsm, subjects, options);
  }

  @Override
  public void ensureStream(String domain) {
    streams.ensure(domain);
  }

  @Override
  public AppendResult append(AggregateKey key, long expectedVersion, List<? extends OutgoingEvent<?>> events) {
    if (events.isEmpty()) {
      throw new IllegalArgumentException("append to " + key + " with no events: pass at least one");
    }
    if (expectedVersion < 0) {
      throw new IllegalArgumentException("expected version " + expectedVersion + " of " + key + " must be 0 (new aggregate) or more");
    }
    List<NatsMessage> messages = new ArrayList<>(events.size());
    for (int i = 0; i < events.size(); i++) {
      messages.add(encoder.encode(key, events.get(i), expectedVersion + i + 1));
    }
    long expectedSequence = positions.sequenceOf(key, expectedVersion);
    String filter = subjects.filter(key);
    long sequence;
    if (messages.size() == 1) {
      ExpectedPublisher.expect(messages.get(0).getHeaders(), expectedSequence, filter);
      sequence = publisher.publish(key, expectedVersion, messages.get(0));
    } else if (options.batchMode() == EventStoreOptions.BatchMode.AUTO && streams.atomic(subjects.stream(key))) {
      sequence = batches.append(key, expectedVersion, expectedSequence, filter, messages);
    } else {
      sequence = chains.append(key, subjects.stream(key), expectedVersion, expectedSequence, filter, messages);
    }
    long version = expectedVersion + events.size();
    positions.remember(key, version, sequence);
    return new AppendResult(key, version, sequence, events.size());
  }

  @Override
  public EventStream load(AggregateKey key, long fromVersion, long toVersion) {
    if (fromVersion < 1 || toVersion < fromVersion) {
      throw new IllegalArgumentException("version range " + fromVersion + ".." + toVersion + " of " + key + " is empty: versions start at 1");
    }
    return remembered(reader.read(key, 1, fromVersion, toVersion), toVersion);
  }

  @Override
  public EventStream loadAfter(AggregateKey key, long version, long sequence) {
    EventStream tail = reader.read(key, sequence + 1, version + 1, Long.MAX_VALUE);
    return tail.isEmpty() ? new EventStream(key, tail.events(), version, sequence) : remembered(tail, Long.MAX_VALUE);
  }

  @Override
  public long version(AggregateKey key) {
    return positions.current(key).version();
  }

  private EventStream remembered(EventStream stream, long toVersion) {
    if (!stream.isEmpty() && toVersion == Long.MAX_VALUE) {
      positions.remember(stream.aggregate(), stream.version(), stream.sequence());
    }
    return stream;
  }

  private static JetStreamManagement management(Connection connection) {
    try {
      return connection.jetStreamManagement();
    } catch (IOException e) {
      throw new EventStoreException("JetStream is not available on this connection: " + e.getMessage(), e);
    }
  }

  private static io.nats.client.JetStream jetStream(Connection connection) {
    try {
      return connection.jetStream();
    } catch (IOException e) {
      throw new EventStoreException("JetStream is not available on this connection: " + e.getMessage(), e);
    }
  }
}
