package dev.natsaga.framework.idempotency;

import dev.natsaga.framework.codec.CloudEventCodec;
import dev.natsaga.framework.idempotency.IdempotencyStore.Claim;
import io.nats.client.Message;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims the event ids of one consumer's messages as they arrive, all of a pull at once, instead of one round trip per
 * message when its handler starts: the claims travel pipelined, so by the time a worker takes a message its claim has
 * usually landed. The guarantee is the store's, unchanged: a claim that did not win outright (the id has an entry, the
 * store could not tell, the write failed) is decided by {@link IdempotencyStore#claim} on the handler's thread as
 * before. A message that leaves without its handler taking the claim (handed back while stopping, dead-lettered before
 * the handler) gives its claim up when it is settled, so a redelivery is not held off until the claim is stale.
 */
public final class PipelinedClaims {

  private static final Logger LOG = LoggerFactory.getLogger(PipelinedClaims.class);
  private final IdempotencyStore store;
  private final String consumer;
  private final CloudEventCodec codec;
  private final ConcurrentMap<String, Pending> pending = new ConcurrentHashMap<>();

  /** Claims for the durable consumer {@code consumer}, reading ids with {@code codec}. */
  public PipelinedClaims(IdempotencyStore store, String consumer, CloudEventCodec codec) {
    this.store = store;
    this.consumer = consumer;
    this.codec = codec;
  }

  /** A message arrived: start claiming its event id (a message that is no readable CloudEvent is left alone). */
  public void arrived(Message msg) {
    String id = codec.peekId(msg);
    if (id != null && !pending.containsKey(id)) {
      pending.putIfAbsent(id, new Pending(msg, store.claimIfFreeAsync(consumer, id)));
    }
  }

  /** The claim for {@code eventId}: the pipelined one when it won, else decided by the store now. */
  public Claim claim(String eventId) throws Exception {
    Pending p = pending.remove(eventId);
    if (p != null && won(p)) {
      return Claim.ACQUIRED;
    }
    return store.claim(consumer, eventId);
  }

  /** The message's processing is over: a claim made for it and never taken by its handler is given up. */
  public void settled(Message msg) {
    String id = codec.peekId(msg);
    Pending p = id == null ? null : pending.get(id);
    if (p == null || p.message != msg || !pending.remove(id, p) || !won(p)) {
      return;
    }
    try {
      store.release(consumer, id);
    } catch (Exception e) {
      LOG.warn("could not give up the unused claim of {} in {} ({}); it is taken over once stale", id, consumer, e.toString());
    }
  }

  private static boolean won(Pending p) {
    try {
      return Boolean.TRUE.equals(p.claim.join());
    } catch (RuntimeException e) {
      return false;
    }
  }

  private record Pending(Message message, CompletableFuture<Boolean> claim) { }
}
