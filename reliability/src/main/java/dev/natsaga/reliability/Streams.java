package dev.natsaga.reliability;

import io.nats.client.Connection;
import io.nats.client.IterableConsumer;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.OrderedConsumerContext;
import io.nats.client.StreamContext;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.OrderedConsumerConfiguration;
import io.nats.client.api.StreamInfo;
import io.nats.client.impl.Headers;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Reads whole streams (the DLQ, the booking events, the payment commands) and consumer states with jnats. */
final class Streams {

  /** One stored message; {@code storedAt} is when the nats-server stored it, on the server's clock. */
  record Stored(long seq, String subject, Headers headers, byte[] data, java.time.Instant storedAt) {

    String header(String name) {
      return headers == null ? null : headers.getFirst(name);
    }
  }

  private Streams() {
  }

  /** Every message of {@code stream}, in order, through an ordered consumer; an unknown stream is empty. */
  static List<Stored> readAll(Connection connection, String stream, Duration timeout) throws IOException, JetStreamApiException,
      InterruptedException {
    StreamInfo info;
    try {
      info = connection.jetStreamManagement().getStreamInfo(stream);
    } catch (JetStreamApiException e) {
      if (e.getErrorCode() == 404) {
        return List.of();
      }
      throw e;
    }
    long last = info.getStreamState().getLastSequence();
    List<Stored> result = new ArrayList<>();
    if (info.getStreamState().getMsgCount() == 0) {
      return result;
    }
    StreamContext sc = connection.getStreamContext(stream);
    OrderedConsumerContext occ = sc.createOrderedConsumer(new OrderedConsumerConfiguration().deliverPolicy(DeliverPolicy.All));
    long deadline = System.nanoTime() + timeout.toNanos();
    try (IterableConsumer it = occ.iterate()) {
      while (System.nanoTime() < deadline) {
        Message m = it.nextMessage(Duration.ofSeconds(2));
        if (m == null) {
          continue;
        }
        long seq = m.metaData().streamSequence();
        result.add(new Stored(seq, m.getSubject(), m.getHeaders(), m.getData(), m.metaData().timestamp().toInstant()));
        if (seq >= last) {
          return result;
        }
      }
    } catch (Exception e) {
      throw new IOException("reading stream " + stream + " failed after " + result.size() + " messages: " + e, e);
    }
    throw new IOException("reading stream " + stream + " did not reach sequence " + last + " within " + timeout.toSeconds()
        + " s (read " + result.size() + ")");
  }

  static long messageCount(Connection connection, String stream) throws IOException, JetStreamApiException {
    try {
      return connection.jetStreamManagement().getStreamInfo(stream).getStreamState().getMsgCount();
    } catch (JetStreamApiException e) {
      if (e.getErrorCode() == 404) {
        return 0;
      }
      throw e;
    }
  }

  /** Every consumer of {@code stream}. */
  static List<ConsumerInfo> consumers(Connection connection, String stream) throws IOException, JetStreamApiException {
    return connection.jetStreamManagement().getConsumers(stream);
  }

  /** Messages the consumers of {@code streams} have not yet acknowledged (pending plus in flight). */
  static long unacknowledged(Connection connection, String... streams) throws IOException, JetStreamApiException {
    long n = 0;
    for (String s : streams) {
      for (ConsumerInfo ci : consumers(connection, s)) {
        n += ci.getNumPending() + ci.getNumAckPending();
      }
    }
    return n;
  }
}
