package dev.natsaga.eventstore.internal;

import dev.natsaga.eventstore.AggregateKey;
import dev.natsaga.eventstore.EventStoreException;
import dev.natsaga.eventstore.VersionConflictException;
import dev.natsaga.framework.codec.CloudEventCodec;
import dev.natsaga.framework.config.Backoff;
import dev.natsaga.framework.stream.JetStreamFailures;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Publishes with the aggregate's expected last sequence ({@code Nats-Expected-Last-Subject-Sequence} on the
 * aggregate's subject filter). When the server does not answer (timeout, no leader during an election) it first
 * checks whether the message landed anyway (the aggregate's last event has its id), then tries again; so an append is
 * never stored twice and an acknowledged append is never reported as failed.
 */
final class ExpectedPublisher {

  /** The server's "wrong last sequence" error. */
  static final int WRONG_LAST_SEQUENCE = 10071;

  private final JetStream jetStream;
  private final Positions positions;
  private final PublishOptions options;
  private final int attempts;
  private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2));

  ExpectedPublisher(JetStream jetStream, Positions positions, Duration timeout, int attempts) {
    this.jetStream = jetStream;
    this.positions = positions;
    this.options = PublishOptions.builder().streamTimeout(timeout).build();
    this.attempts = attempts;
  }

  static void expect(Headers headers, long sequence, String filter) {
    headers.put(StoreHeaders.EXPECTED_SEQ, Long.toString(sequence));
    headers.put(StoreHeaders.EXPECTED_SEQ_SUBJECT, filter);
  }

  /** Publishes one message that already carries its expected-sequence headers; returns its stream sequence. */
  long publish(AggregateKey key, long expectedVersion, NatsMessage msg) {
    boolean[] first = {true};
    return withRetries(key, expectedVersion, msg.getHeaders().getFirst(CloudEventCodec.MSG_ID_HEADER), () -> {
      NatsMessage attempt = first[0] ? msg : copy(msg);
      first[0] = false;
      return send(attempt);
    });
  }

  private PublishAck send(NatsMessage msg) {
    try {
      return jetStream.publish(msg, options);
    } catch (Exception e) {
      throw new Attempt(e);
    }
  }

  /**
   * Runs {@code publish} until it is acknowledged, refused, or out of attempts. {@code lastId} is the id of the last
   * event of the append, used to see whether an unanswered attempt landed.
   */
  long withRetries(AggregateKey key, long expectedVersion, String lastId, Supplier<PublishAck> publish) {
    for (int attempt = 1; ; attempt++) {
      Throwable failure;
      try {
        return publish.get().getSeqno();
      } catch (Attempt a) {
        failure = a.getCause();
      }
      if (failure instanceof JetStreamApiException api && api.getApiErrorCode() == WRONG_LAST_SEQUENCE) {
        Positions.Position now = positions.current(key);
        if (attempt > 1 && lastId.equals(now.lastEventId())) {
          return now.sequence();
        }
        throw new VersionConflictException(key, expectedVersion, now.version());
      }
      if (!JetStreamFailures.isTransient(failure) || attempt >= attempts) {
        throw new EventStoreException("append to " + key + " failed after " + attempt + " attempt(s): " + failure, failure);
      }
      Positions.Position now = positions.current(key);
      if (lastId.equals(now.lastEventId())) {
        return now.sequence();
      }
      sleep(backoff.delay(attempt));
    }
  }

  static NatsMessage copy(NatsMessage msg) {
    return NatsMessage.builder().subject(msg.getSubject()).headers(new Headers(msg.getHeaders())).data(msg.getData()).build();
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EventStoreException("interrupted while retrying an append", e);
    }
  }

  /** A failed attempt, carrying the cause to {@link #withRetries}. */
  static final class Attempt extends RuntimeException {
    Attempt(Throwable cause) {
      super(cause);
    }
  }
}
