package dev.natsaga.schema;

import dev.natsaga.framework.Environment;
import dev.natsaga.framework.EventType;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import io.nats.client.api.KeyValueWatcher;
import io.nats.client.api.StorageType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared schema registry of one environment: a JetStream KeyValue bucket {@code {ENV}_SCHEMAS}, one key per type
 * ({@code booking.appointment.confirmed.v1}), its history the schema's revisions. Services {@link #register} their own
 * schemas at start-up (a changed schema is checked against the registered one by {@link Compatibility} and refused
 * listing every violation) and read everyone's through {@link #find}, from a local copy a bucket watch keeps current,
 * so a lookup on every message costs no round trip.
 *
 * <pre>{@code
 * KvSchemaRegistry registry = KvSchemaRegistry.open(connection, Environment.of("prod"));
 * registry.registerAll(ClasspathSchemas.load().all());      // at start-up
 * registry.find(EventType.parse("payment.transaction.authorized.v1"));
 * }</pre>
 */
public final class KvSchemaRegistry implements SchemaSource, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KvSchemaRegistry.class);
  /** nats-server's "wrong last sequence: {seq}" and, from a clustered stream, "wrong last sequence" (no figure). */
  private static final Set<Integer> WRONG_LAST_SEQUENCE = Set.of(10071, 10164);

  private final KeyValue kv;
  private final Map<String, SchemaDocument> current = new ConcurrentHashMap<>();
  private final AutoCloseable watch;

  private KvSchemaRegistry(KeyValue kv) throws IOException, JetStreamApiException, InterruptedException {
    this.kv = kv;
    CountDownLatch loaded = new CountDownLatch(1);
    this.watch = kv.watchAll(new KeyValueWatcher() {
      @Override
      public void watch(KeyValueEntry entry) {
        remember(entry);
      }

      @Override
      public void endOfData() {
        loaded.countDown();
      }
    });
    if (!loaded.await(10, TimeUnit.SECONDS)) {
      throw new IOException("the schema registry " + kv.getBucketName() + " did not load within 10 s");
    }
  }

  /** Opens the environment's registry, creating the bucket when it is missing (file storage, 64 revisions per type). */
  public static KvSchemaRegistry open(Connection connection, Environment env) throws IOException, JetStreamApiException {
    return open(connection, env, 1);
  }

  /** As {@link #open(Connection, Environment)} with {@code replicas} for a new bucket. */
  public static KvSchemaRegistry open(Connection connection, Environment env, int replicas) throws IOException, JetStreamApiException {
    String bucket = bucketName(env);
    if (!connection.keyValueManagement().getBucketNames().contains(bucket)) {
      try {
        connection.keyValueManagement().create(KeyValueConfiguration.builder().name(bucket).replicas(replicas)
            .storageType(StorageType.File).maxHistoryPerKey(64).build());
      } catch (JetStreamApiException e) {
        if (!connection.keyValueManagement().getBucketNames().contains(bucket)) {
          throw e;
        }
      }
    }
    try {
      return new KvSchemaRegistry(connection.keyValue(bucket));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while loading the schema registry " + bucket, e);
    }
  }

  /** The bucket name of an environment's registry, e.g. {@code PROD_SCHEMAS}. */
  public static String bucketName(Environment env) {
    return env.dlqStreamName().replace("_DLQ", "_SCHEMAS");
  }

  @Override
  public Optional<SchemaDocument> find(EventType type) {
    return Optional.ofNullable(current.get(type.name()));
  }

  /**
   * Registers {@code doc}: the first schema of a type is stored; the same text again changes nothing; a changed schema
   * must be compatible with the registered one.
   *
   * @return the document at its registry revision
   * @throws IncompatibleSchemaException listing every violation, when the change is not compatible
   */
  public SchemaDocument register(SchemaDocument doc) throws IOException, JetStreamApiException {
    String key = doc.type().name();
    byte[] text = doc.json().getBytes(StandardCharsets.UTF_8);
    for (int attempt = 0; ; attempt++) {
      KeyValueEntry entry = kv.get(key);
      try {
        if (entry == null || entry.getOperation() != KeyValueOperation.PUT) {
          long rev = entry == null ? kv.create(key, text) : kv.update(key, text, entry.getRevision());
          return stored(doc, rev);
        }
        SchemaDocument registered = SchemaDocument.of(key, entry.getValueAsString()).atRevision(entry.getRevision());
        if (registered.json().equals(doc.json())) {
          return registered;
        }
        Compatibility.requireCompatible(registered, doc);
        return stored(doc, kv.update(key, text, entry.getRevision()));
      } catch (JetStreamApiException e) {
        if (!WRONG_LAST_SEQUENCE.contains(e.getApiErrorCode()) || attempt >= 5) {
          throw e;
        }
      }
    }
  }

  /** Registers every document, in order; the first incompatible one stops it. */
  public void registerAll(Iterable<SchemaDocument> docs) throws IOException, JetStreamApiException {
    for (SchemaDocument doc : docs) {
      register(doc);
    }
  }

  /** Waits until the local copy holds {@code type} at {@code revision} or newer (after another service registered it). */
  public boolean awaitRevision(EventType type, long revision, Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      SchemaDocument doc = current.get(type.name());
      if (doc != null && doc.revision() >= revision) {
        return true;
      }
      Thread.sleep(10);
    }
    return false;
  }

  private SchemaDocument stored(SchemaDocument doc, long revision) {
    SchemaDocument at = doc.atRevision(revision);
    current.merge(doc.type().name(), at, (a, b) -> a.revision() >= b.revision() ? a : b);
    LOG.info("schema of {} registered in {} at revision {}", doc.type(), kv.getBucketName(), revision);
    return at;
  }

  private void remember(KeyValueEntry entry) {
    if (entry.getOperation() != KeyValueOperation.PUT) {
      current.remove(entry.getKey());
      return;
    }
    try {
      SchemaDocument doc = SchemaDocument.of(entry.getKey(), entry.getValueAsString()).atRevision(entry.getRevision());
      current.merge(entry.getKey(), doc, (a, b) -> a.revision() >= b.revision() ? a : b);
    } catch (IllegalArgumentException e) {
      LOG.warn("ignoring registry entry {} at revision {}: {}", entry.getKey(), entry.getRevision(), e.getMessage());
    }
  }

  @Override
  public void close() throws Exception {
    watch.close();
  }
}
