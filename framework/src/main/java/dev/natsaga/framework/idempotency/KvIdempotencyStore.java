package dev.natsaga.framework.idempotency;

import dev.natsaga.framework.Environment;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import io.nats.client.api.StorageType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * An {@link IdempotencyStore} on a JetStream KeyValue bucket {@code {ENV}_IDEMPOTENCY} whose TTL
 * expires old ids. A claim is {@code create(key)} (atomic: it fails when the key exists); completion
 * overwrites the value with {@code done}. A claim older than {@code staleAfter} (its holder crashed)
 * is taken over with a compare-and-set {@code update} on its revision.
 */
public final class KvIdempotencyStore implements IdempotencyStore {

  private static final int WRONG_LAST_SEQUENCE = 10071;
  private static final String DONE = "done";
  private static final java.util.regex.Pattern KEY_SAFE = java.util.regex.Pattern.compile("[A-Za-z0-9_=-]+");
  private static final java.util.regex.Pattern UNSAFE = java.util.regex.Pattern.compile("[^A-Za-z0-9_=-]");
  private static final String CLAIMED = "claimed@";

  private final KeyValue kv;
  private final Duration staleAfter;

  public KvIdempotencyStore(KeyValue kv, Duration staleAfter) {
    this.kv = kv;
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
    return new KvIdempotencyStore(connection.keyValue(bucket), Duration.ofMinutes(5));
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
    kv.put(key(consumer, eventId), DONE.getBytes(StandardCharsets.UTF_8));
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

  /** KV keys allow letters, digits, '-', '_', '=', '/', '.': consumer names and UUIDs fit. */
  private static String key(String consumer, String eventId) {
    return consumer + "." + (KEY_SAFE.matcher(eventId).matches() ? eventId : UNSAFE.matcher(eventId).replaceAll("_"));
  }
}
