package dev.natsaga.eventstore;

import dev.natsaga.eventstore.internal.KvSnapshotStore;
import io.nats.client.Connection;
import java.util.Optional;

/**
 * Snapshots of aggregates in a JetStream KV bucket per aggregate type ({@code {ENV}_SNAPSHOTS_{DOMAIN}_{ENTITY}}),
 * one key per aggregate holding the latest snapshot. Every snapshot is written with a {@code shape}: a name for the
 * state's layout (e.g. {@code "account-2"}); one written with another shape is ignored, never read into the new class.
 *
 * <pre>{@code
 * SnapshotStore snapshots = SnapshotStore.create(connection, "prod", 1);
 * snapshots.save(key, "account-2", new Snapshot<>(200, seq, state));
 * Optional<Snapshot<AccountState>> s = snapshots.load(key, "account-2", AccountState.class);
 * }</pre>
 */
public interface SnapshotStore {

  /** A store for {@code environment}; buckets are created with {@code replicas} on first use. */
  static SnapshotStore create(Connection connection, String environment, int replicas) {
    return new KvSnapshotStore(connection, dev.natsaga.framework.Environment.of(environment), replicas);
  }

  /** Stores the aggregate's snapshot, replacing the one before. */
  <S> void save(AggregateKey aggregate, String shape, Snapshot<S> snapshot);

  /** The aggregate's snapshot if there is one of this {@code shape}. */
  <S> Optional<Snapshot<S>> load(AggregateKey aggregate, String shape, Class<S> stateType);
}
