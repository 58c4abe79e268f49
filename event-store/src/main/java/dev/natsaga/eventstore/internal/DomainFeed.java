package dev.natsaga.eventstore.internal;

import dev.natsaga.eventstore.EventStoreException;
import dev.natsaga.eventstore.StartPosition;
import dev.natsaga.eventstore.StoredEvent;
import dev.natsaga.framework.Environment;
import dev.natsaga.framework.EventType;
import dev.natsaga.framework.Json;
import dev.natsaga.framework.codec.CloudEventCodec;
import dev.natsaga.framework.codec.InvalidCloudEventException;
import dev.natsaga.framework.codec.PayloadCodec;
import io.nats.client.Connection;
import io.nats.client.IterableConsumer;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.OrderedConsumerConfiguration;
import java.io.IOException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a domain's stream, or chosen types of it, from a start position with an ordered consumer: an ephemeral,
 * unacknowledged consumer the server forgets when the reader goes away, so the live durable consumers of the stream
 * are never touched. Events appended by the event store ({@code {env}.{type}.{aggregate}}) are included.
 */
public final class DomainFeed implements AutoCloseable {

  private final Connection connection;
  private final String stream;
  private final List<String> filters;
  private final CloudEventCodec codec = new CloudEventCodec();
  private final PayloadCodec payloads = new PayloadCodec(Json.mapper());
  private IterableConsumer consumer;

  public DomainFeed(Connection connection, Environment environment, String domain, List<String> types) {
    this.connection = connection;
    this.stream = environment.streamName(domain);
    this.filters = filters(environment, domain, types);
  }

  private static List<String> filters(Environment environment, String domain, List<String> types) {
    if (types.isEmpty()) {
      return List.of(environment.streamSubjects(domain));
    }
    List<String> out = new ArrayList<>();
    for (String name : types) {
      EventType type = EventType.parse(name);
      if (!type.domain().equals(domain)) {
        throw new IllegalArgumentException("type '" + name + "' is not in domain '" + domain + "': a feed reads one domain's stream");
      }
      out.add(environment.subject(type));
      out.add(environment.subject(type) + ".>");
    }
    return out;
  }

  public String stream() {
    return stream;
  }

  /** Starts reading at {@code start}. */
  public void open(StartPosition start) {
    OrderedConsumerConfiguration config = new OrderedConsumerConfiguration().filterSubjects(filters);
    if (start.time() != null) {
      config.deliverPolicy(DeliverPolicy.ByStartTime).startTime(start.time().atZone(ZoneOffset.UTC));
    } else if (start.sequence() > 1) {
      config.deliverPolicy(DeliverPolicy.ByStartSequence).startSequence(start.sequence());
    }
    try {
      consumer = connection.getStreamContext(stream).createOrderedConsumer(config).iterate();
    } catch (IOException | JetStreamApiException e) {
      throw new EventStoreException("cannot read stream " + stream + " from " + start + ": " + e.getMessage(), e);
    }
  }

  /** The stream sequence of the last message the feed's filters match now (0 when none). */
  public long lastSequence() {
    long last = 0;
    for (String filter : filters) {
      try {
        last = Math.max(last, connection.jetStreamManagement().getLastMessage(stream, filter).getSeq());
      } catch (JetStreamApiException e) {
        if (e.getApiErrorCode() != 10037) {
          throw new EventStoreException("cannot read the last sequence of " + filter + " in " + stream + ": " + e.getMessage(), e);
        }
      } catch (IOException e) {
        throw new EventStoreException("cannot read stream " + stream + ": " + e.getMessage(), e);
      }
    }
    return last;
  }

  /** The stream sequence of the first message stored at or after {@code time} (last sequence + 1 when none). */
  public long firstSequenceAt(java.time.Instant time) {
    try {
      return connection.jetStreamManagement().getMessage(stream,
          io.nats.client.api.MessageGetRequest.firstForStartTime(time.atZone(ZoneOffset.UTC))).getSeq();
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() == 10037) {
        return lastSequence() + 1;
      }
      throw new EventStoreException("cannot find the first event after " + time + " in " + stream + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new EventStoreException("cannot read stream " + stream + ": " + e.getMessage(), e);
    }
  }

  /** The next event, or null when none came within {@code wait}. */
  public FeedEvent next(Duration wait) throws InterruptedException {
    Message m;
    try {
      m = consumer.nextMessage(wait);
    } catch (io.nats.client.JetStreamStatusCheckedException e) {
      throw new EventStoreException("reading stream " + stream + " failed: " + e.getMessage(), e);
    }
    if (m == null) {
      return null;
    }
    long sequence = m.metaData().streamSequence();
    try {
      var ce = codec.decode(m);
      long version = Math.max(0, StoreHeaders.version(m.getHeaders()));
      return new FeedEvent(new StoredEvent(ce, EventType.parse(ce.getType()), version, sequence, payloads), m.metaData().pendingCount());
    } catch (InvalidCloudEventException | IllegalArgumentException e) {
      return new FeedEvent(null, m.metaData().pendingCount(), sequence, e.getMessage());
    }
  }

  @Override
  public void close() {
    if (consumer != null) {
      consumer.stop();
      consumer = null;
    }
  }

  /**
   * One message of the feed: the event (null when the message is not a valid CloudEvent), the messages still pending
   * after it, its sequence, and why it could not be read.
   */
  public record FeedEvent(StoredEvent event, long pending, long sequence, String invalid) {
    FeedEvent(StoredEvent event, long pending) {
      this(event, pending, event.sequence(), null);
    }
  }
}
