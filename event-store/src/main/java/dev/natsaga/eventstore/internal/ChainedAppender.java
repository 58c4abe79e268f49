package dev.natsaga.eventstore.internal;

import dev.natsaga.eventstore.AggregateKey;
import dev.natsaga.eventstore.EventStoreException;
import io.nats.client.JetStreamManagement;
import io.nats.client.impl.NatsMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fallback for servers without atomic batch publish: the events are published one by one, each expecting the
 * sequence of the one before, and each carries {@code Natsaga-Chain-Id/-Index/-Size}. Readers and version look-ups
 * treat a chain that is not complete as not there, so no writer can append on top of it and no reader sees part of
 * it; when a later event fails, the events already stored are deleted again before the failure is reported.
 */
final class ChainedAppender {

  private static final Logger LOG = LoggerFactory.getLogger(ChainedAppender.class);

  private final JetStreamManagement jsm;
  private final ExpectedPublisher publisher;

  ChainedAppender(JetStreamManagement jsm, ExpectedPublisher publisher) {
    this.jsm = jsm;
    this.publisher = publisher;
  }

  long append(AggregateKey key, String stream, long expectedVersion, long expectedSequence, String filter, List<NatsMessage> messages) {
    String chainId = UUID.randomUUID().toString();
    List<Long> stored = new ArrayList<>();
    long sequence = expectedSequence;
    try {
      for (int i = 0; i < messages.size(); i++) {
        NatsMessage msg = ExpectedPublisher.copy(messages.get(i));
        msg.getHeaders().put(StoreHeaders.CHAIN_ID, chainId).put(StoreHeaders.CHAIN_INDEX, Integer.toString(i))
            .put(StoreHeaders.CHAIN_SIZE, Integer.toString(messages.size()));
        ExpectedPublisher.expect(msg.getHeaders(), sequence, filter);
        sequence = publisher.publish(key, expectedVersion + i, msg);
        stored.add(sequence);
      }
      return sequence;
    } catch (RuntimeException e) {
      rollBack(key, stream, stored, e);
      throw e;
    }
  }

  private void rollBack(AggregateKey key, String stream, List<Long> stored, RuntimeException cause) {
    for (long seq : stored) {
      try {
        jsm.deleteMessage(stream, seq, false);
      } catch (Exception e) {
        cause.addSuppressed(new EventStoreException("could not delete event at " + stream + "/" + seq + " of the failed append to " + key, e));
      }
    }
    if (!stored.isEmpty()) {
      LOG.warn("append to {} failed after {} of its events; deleted them again: {}", key, stored.size(), cause.getMessage());
    }
  }
}
