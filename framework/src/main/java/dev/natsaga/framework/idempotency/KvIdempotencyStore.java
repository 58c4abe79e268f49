package dev.natsaga.framework.idempotency;

import dev.natsaga.framework.Environment;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.PublishOptions;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import io.nats.client.api.StorageType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * An {@link IdempotencyStore} on a JetStream KeyValue bucket {@code {ENV}_IDEMPOTENCY} whose TTL
 * expires old ids. A claim is {@code create(key)} (atomic: it fails when the key exists); completion
 * overwrites the value with {@code done}. A claim older than {@code staleAfter} (its holder crashed)
 * is taken over with a compare-and-set {@code update} on its revision.
 */
public final class KvIdempotencyStore implements IdempotencyStore {

  private static final int WRONG_LAST_SEQUENCE = 10071;
  private static final String DONE = "done";
  private static final String CLAIMED = "claimed@";

  private static final byte[] DONE_BYTES = DONE.getBytes(StandardCharsets.UTF_8);
  private static final PublishOptions IF_NEW = PublishOptions.builder().expectedLastSubjectSequence(0).build();

  private final KeyValue kv;
  private final JetStream jetStream;
  private final String writePrefix;
  private final Duration staleAfter;

  /** {@code jetStream} writes the done marks asynchronously to the bucket's subjects ({@code $KV.<bucket>.<key>}). */
  public KvIdempotencyStore(KeyValue kv, JetStream jetStream, Duration staleAfter) {
    this.kv = kv;
    this.jetStream = jetStream;
    this.writePrefix = "$KV." + kv.getBucketName() + ".";
    this.staleAfter = staleAfter;
  }

  /** Creates (or reuses) the bucket {@code {ENV}_IDEMPOTENCY} with the given TTL and replicas. */
  public static KvIdempotencyStore create(Connection connection, Environment env, Duration ttl, int replicas)
      throws IOException, JetStreamApiException {
    String bucket = bucketName(env);
    if (!connection.keyValueManagement().getBucketNames().contains(bucket)) {
      try {
        connection.keyValueManagement().create(KeyValueConfiguration.builder()
            .name(bucket).ttl(ttl).replicas(replicas).storageType(StorageType.File).maxHistoryPerKey(1).build());
      } catch (JetStreamApiException e) {
        if (!connection.keyValueManagement().getBucketNames().contains(bucket)) {
          throw e;
        }
      }
    }
    return new KvIdempotencyStore(connection.keyValue(bucket), connection.jetStream(), Duration.ofMinutes(5));
  }

  /** The bucket name for an environment. */
  public static String bucketName(Environment env) {
    return env.dlqStreamName().replace("_DLQ", "_IDEMPOTENCY");
  }

  @Override
  public Claim claim(String consumer, String eventId) throws IOException, JetStreamApiException {
    String key = key(consumer, eventId);
    try {
      kv.create(key, claimValue());
      return Claim.ACQUIRED;
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() != WRONG_LAST_SEQUENCE) {
        throw e;
      }
    }
    KeyValueEntry entry = kv.get(key);
    if (entry == null || entry.getOperation() != KeyValueOperation.PUT) {
      return claimAgain(key, entry);
    }
    String value = entry.getValueAsString();
    if (DONE.equals(value)) {
      return Claim.DONE;
    }
    return isStale(value) ? claimAgain(key, entry) : Claim.IN_PROGRESS;
  }

  /**
   * The same write as the first step of {@link #claim}, the key created only if its subject has no message yet
   * ({@code Nats-Expected-Last-Subject-Sequence: 0}), sent without waiting; a key that exists (or any failure) answers
   * false and leaves the decision to {@link #claim}.
   */
  @Override
  public CompletableFuture<Boolean> claimIfFreeAsync(String consumer, String eventId) {
    try {
      return jetStream.publishAsync(writePrefix + key(consumer, eventId), null, claimValue(), IF_NEW)
          .handle((ack, e) -> e == null);
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(false);
    }
  }

  private Claim claimAgain(String key, KeyValueEntry entry) throws IOException, JetStreamApiException {
    try {
      if (entry == null) {
        kv.create(key, claimValue());
      } else {
        kv.update(key, claimValue(), entry.getRevision());
      }
      return Claim.ACQUIRED;
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() == WRONG_LAST_SEQUENCE) {
        return Claim.IN_PROGRESS;
      }
      throw e;
    }
  }

  @Override
  public void complete(String consumer, String eventId) throws IOException, JetStreamApiException {
    kv.put(key(consumer, eventId), DONE_BYTES);
  }

  /** The same write as {@link #complete}, a JetStream publish to the key's subject, without waiting for its ack. */
  @Override
  public CompletableFuture<Void> completeAsync(String consumer, String eventId) {
    try {
      return jetStream.publishAsync(writePrefix + key(consumer, eventId), DONE_BYTES).thenApply(ack -> null);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public void release(String consumer, String eventId) throws IOException, JetStreamApiException {
    kv.delete(key(consumer, eventId));
  }

  private boolean isStale(String value) {
    if (!value.startsWith(CLAIMED)) {
      return true;
    }
    try {
      return Instant.parse(value.substring(CLAIMED.length())).plus(staleAfter).isBefore(Instant.now());
    } catch (RuntimeException e) {
      return true;
    }
  }

  private static byte[] claimValue() {
    return (CLAIMED + Instant.now()).getBytes(StandardCharsets.UTF_8);
  }

  /** KV keys allow letters, digits, '-', '_', '=', '/', '.': consumer names and UUIDs fit; other characters of an id become '_'. */
  private static String key(String consumer, String eventId) {
    char[] chars = null;
    for (int i = 0; i < eventId.length(); i++) {
      if (!isKeySafe(eventId.charAt(i))) {
        chars = chars == null ? eventId.toCharArray() : chars;
        chars[i] = '_';
      }
    }
    return consumer + "." + (chars == null ? eventId : new String(chars));
  }

  private static boolean isKeySafe(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '=' || c == '-';
  }
}
