package dev.natsaga.eventstore.internal;

import dev.natsaga.eventstore.AggregateKey;
import dev.natsaga.eventstore.EventStoreException;
import dev.natsaga.eventstore.VersionConflictException;
import dev.natsaga.framework.config.Backoff;
import dev.natsaga.framework.stream.JetStreamFailures;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.MessageInfo;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Maps an aggregate's version to the stream sequence of its last event, which the server's expected-sequence check
 * needs. The last position seen (from a load or an append) is cached; otherwise the aggregate's last message is read
 * with one direct get. The cache never decides a conflict: the server does.
 */
final class Positions {

  /** A version and the stream sequence of the event that has it (0, 0 for an aggregate without events). */
  record Position(long version, long sequence, String lastEventId) {
    static final Position NONE = new Position(0, 0, null);
  }

  private static final int NO_MESSAGE = 10037;
  private static final int MAX_CACHED = 100_000;

  private final JetStreamManagement jsm;
  private final AggregateSubjects subjects;
  private final Map<AggregateKey, Position> cache = new ConcurrentHashMap<>();

  private final int attempts;
  private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2));

  Positions(JetStreamManagement jsm, AggregateSubjects subjects, int attempts) {
    this.jsm = jsm;
    this.subjects = subjects;
    this.attempts = attempts;
  }

  /** The aggregate's last message; null when it has none. Retried while the server does not answer (leader election). */
  private MessageInfo last(AggregateKey key) throws IOException, JetStreamApiException {
    for (int attempt = 1; ; attempt++) {
      try {
        return jsm.getLastMessage(subjects.stream(key), subjects.filter(key));
      } catch (JetStreamApiException e) {
        if (e.getApiErrorCode() == NO_MESSAGE) {
          return null;
        }
        if (!JetStreamFailures.isTransient(e) || attempt >= attempts) {
          throw e;
        }
      } catch (IOException e) {
        if (attempt >= attempts) {
          throw e;
        }
      }
      try {
        Thread.sleep(backoff.delay(attempt).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while reading the version of " + key, e);
      }
    }
  }

  /** The stream sequence an append expecting {@code version} must find; a conflict when the aggregate is elsewhere. */
  long sequenceOf(AggregateKey key, long version) {
    if (version == 0) {
      return 0;
    }
    Position cached = cache.get(key);
    if (cached != null && cached.version() == version) {
      return cached.sequence();
    }
    Position current = current(key);
    if (current.version() != version) {
      throw new VersionConflictException(key, version, current.version());
    }
    return current.sequence();
  }

  void remember(AggregateKey key, long version, long sequence) {
    if (cache.size() > MAX_CACHED) {
      cache.clear();
    }
    cache.merge(key, new Position(version, sequence, null), (a, b) -> a.sequence() >= b.sequence() ? a : b);
  }

  /** The stream sequence of the aggregate's last message, complete or not (0 when it has none). */
  long lastSequence(AggregateKey key) {
    try {
      MessageInfo last = last(key);
      return last == null ? 0 : last.getSeq();
    } catch (JetStreamApiException | IOException e) {
      throw new EventStoreException("cannot read the last event of " + key + ": " + e.getMessage(), e);
    }
  }

  /** The aggregate's last event as stored now (a chained append still in progress counts as not there yet). */
  Position current(AggregateKey key) {
    try {
      MessageInfo last = last(key);
      if (last == null) {
        return Position.NONE;
      }
      long version = StoreHeaders.version(last.getHeaders());
      String id = last.getHeaders().getFirst("Nats-Msg-Id");
      if (StoreHeaders.chainIncomplete(last.getHeaders())) {
        int index = Integer.parseInt(last.getHeaders().getFirst(StoreHeaders.CHAIN_INDEX));
        return new Position(version - index - 1, -1, null);
      }
      return new Position(version, last.getSeq(), id);
    } catch (JetStreamApiException | IOException e) {
      throw new EventStoreException("cannot read the version of " + key + " from stream " + subjects.stream(key) + ": " + e.getMessage(), e);
    }
  }
}
