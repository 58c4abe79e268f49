package dev.natsaga.eventstore.internal;

import dev.natsaga.eventstore.AggregateKey;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.NatsMessage;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Appends several events with the server's atomic batch publish (nats-server 2.12+, stream {@code allow_atomic}):
 * every message carries {@code Nats-Batch-Id} and {@code Nats-Batch-Sequence}, the first one the expected sequence,
 * the last one {@code Nats-Batch-Commit: 1}; the server stores all of them or none. Only the commit is a request; a
 * refused batch (a conflict, a limit) is answered on it.
 */
final class AtomicBatchAppender {

  private final Connection connection;
  private final ExpectedPublisher publisher;
  private final Duration timeout;

  AtomicBatchAppender(Connection connection, ExpectedPublisher publisher, Duration timeout) {
    this.connection = connection;
    this.publisher = publisher;
    this.timeout = timeout;
  }

  /** Appends {@code messages} (already encoded with their versions); returns the last one's stream sequence. */
  long append(AggregateKey key, long expectedVersion, long expectedSequence, String filter, List<NatsMessage> messages) {
    String lastId = messages.get(messages.size() - 1).getHeaders().getFirst("Nats-Msg-Id");
    return publisher.withRetries(key, expectedVersion, lastId, () -> sendBatch(messages, expectedSequence, filter));
  }

  private PublishAck sendBatch(List<NatsMessage> messages, long expectedSequence, String filter) {
    String batchId = UUID.randomUUID().toString();
    try {
      for (int i = 0; i < messages.size(); i++) {
        NatsMessage msg = ExpectedPublisher.copy(messages.get(i));
        msg.getHeaders().put(StoreHeaders.BATCH_ID, batchId).put(StoreHeaders.BATCH_SEQ, Integer.toString(i + 1));
        if (i == 0) {
          ExpectedPublisher.expect(msg.getHeaders(), expectedSequence, filter);
        }
        if (i < messages.size() - 1) {
          connection.publish(msg);
        } else {
          msg.getHeaders().put(StoreHeaders.BATCH_COMMIT, "1");
          return ack(connection.request(msg, timeout));
        }
      }
      throw new IllegalStateException("empty batch");
    } catch (ExpectedPublisher.Attempt a) {
      throw a;
    } catch (Exception e) {
      throw new ExpectedPublisher.Attempt(e);
    }
  }

  private static PublishAck ack(Message reply) throws Exception {
    if (reply == null) {
      throw new java.util.concurrent.TimeoutException("no answer to the batch commit");
    }
    return new PublishAck(reply);
  }
}
