package dev.natsaga.eventstore.internal;

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
import java.util.List;
import java.util.function.Predicate;

/**
 * Reads an aggregate's messages with an ordered consumer, for servers without batched direct get (before 2.11): the
 * caller passes the sequence of the aggregate's last message, so reading stops there without waiting for a timeout.
 */
final class OrderedConsumerFetch {

  private static final int FETCH = 1000;

  private final Connection connection;
  private final Duration timeout;

  OrderedConsumerFetch(Connection connection, Duration timeout) {
    this.connection = connection;
    this.timeout = timeout;
  }

  void fetch(String stream, String filter, long startSequence, long lastSequence, List<RawEvent> out, Predicate<RawEvent> stop)
      throws IOException, JetStreamApiException, InterruptedException {
    if (lastSequence < startSequence) {
      return;
    }
    OrderedConsumerConfiguration config = new OrderedConsumerConfiguration().filterSubject(filter);
    if (startSequence > 1) {
      config.deliverPolicy(DeliverPolicy.ByStartSequence).startSequence(startSequence);
    }
    OrderedConsumerContext consumer = connection.getStreamContext(stream).createOrderedConsumer(config);
    while (true) {
      FetchConsumer fetch = consumer.fetch(FetchConsumeOptions.builder().maxMessages(FETCH).expiresIn(timeout.toMillis()).build());
      try {
        for (Message m = fetch.nextMessage(); m != null; m = fetch.nextMessage()) {
          RawEvent raw = new RawEvent(m, m.metaData().streamSequence());
          out.add(raw);
          if (raw.sequence() >= lastSequence || stop.test(raw)) {
            return;
          }
        }
      } catch (JetStreamStatusCheckedException e) {
        throw new IOException(e.getMessage(), e);
      } finally {
        fetch.stop();
      }
    }
  }
}
