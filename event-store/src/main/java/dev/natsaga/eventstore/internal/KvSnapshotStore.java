package dev.natsaga.eventstore.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.natsaga.eventstore.AggregateKey;
import dev.natsaga.eventstore.EventStoreException;
import dev.natsaga.eventstore.Snapshot;
import dev.natsaga.eventstore.SnapshotStore;
import dev.natsaga.framework.Environment;
import dev.natsaga.framework.Json;
import io.nats.client.Connection;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SnapshotStore} on KV: value {@code {"shape":..,"version":..,"sequence":..,"state":{..}}}, history 1. The key
 * is the aggregate's subject token ({@code ~} becomes {@code =}, which KV keys allow).
 */
public final class KvSnapshotStore implements SnapshotStore {

  private static final Logger LOG = LoggerFactory.getLogger(KvSnapshotStore.class);

  private final Connection connection;
  private final Environment environment;
  private final int replicas;
  private final Map<String, KeyValue> buckets = new ConcurrentHashMap<>();

  public KvSnapshotStore(Connection connection, Environment environment, int replicas) {
    this.connection = connection;
    this.environment = environment;
    this.replicas = replicas;
  }

  @Override
  public <S> void save(AggregateKey key, String shape, Snapshot<S> snapshot) {
    ObjectNode node = Json.mapper().createObjectNode().put("shape", shape).put("version", snapshot.version())
        .put("sequence", snapshot.sequence());
    node.set("state", Json.mapper().valueToTree(snapshot.state()));
    try {
      bucket(key).put(kvKey(key), Json.mapper().writeValueAsBytes(node));
    } catch (Exception e) {
      throw new EventStoreException("cannot save the snapshot of " + key + " at version " + snapshot.version() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public <S> Optional<Snapshot<S>> load(AggregateKey key, String shape, Class<S> stateType) {
    KeyValueEntry entry;
    try {
      entry = bucket(key).get(kvKey(key));
    } catch (Exception e) {
      throw new EventStoreException("cannot read the snapshot of " + key + ": " + e.getMessage(), e);
    }
    if (entry == null || entry.getValue() == null) {
      return Optional.empty();
    }
    try {
      JsonNode node = Json.mapper().readTree(entry.getValue());
      if (!shape.equals(node.path("shape").asText())) {
        LOG.debug("snapshot of {} has shape '{}', not '{}': ignored", key, node.path("shape").asText(), shape);
        return Optional.empty();
      }
      S state = Json.mapper().treeToValue(node.get("state"), stateType);
      return Optional.of(new Snapshot<>(node.get("version").asLong(), node.get("sequence").asLong(), state));
    } catch (IOException | RuntimeException e) {
      LOG.warn("snapshot of {} cannot be read as {} ({}): ignored, replaying all events", key, stateType.getSimpleName(), e.toString());
      return Optional.empty();
    }
  }

  static String kvKey(AggregateKey key) {
    String token = AggregateSubjects.token(key.id());
    return token.startsWith("~") ? "=" + token.substring(1) : token;
  }

  private KeyValue bucket(AggregateKey key) {
    String name = (environment.name() + "_SNAPSHOTS_" + key.type().replace('.', '_')).replace('-', '_').toUpperCase(Locale.ROOT);
    return buckets.computeIfAbsent(name, this::open);
  }

  private KeyValue open(String name) {
    try {
      if (!connection.keyValueManagement().getBucketNames().contains(name)) {
        connection.keyValueManagement().create(KeyValueConfiguration.builder().name(name).maxHistoryPerKey(1).replicas(replicas).build());
        LOG.info("created snapshot bucket {}", name);
      }
      return connection.keyValue(name);
    } catch (Exception e) {
      throw new EventStoreException("cannot open snapshot bucket " + name + ": " + e.getMessage(), e);
    }
  }
}
