package dev.natsaga.eventstore;

import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads and saves aggregates by id: load = latest snapshot (if any, of the current shape) + the events after it;
 * save = append the uncommitted events expecting the loaded version, and write a snapshot every
 * {@code snapshotEvery} events. {@link #update} re-runs a command on a fresh load when another writer got there first.
 *
 * <pre>{@code
 * AggregateRepository<Account> accounts = AggregateRepository.builder(store, Account::new)
 *     .snapshots(snapshotStore, 100).build();
 * accounts.update("acc-42", account -> account.deposit(500));
 * }</pre>
 *
 * @param <A> the aggregate class
 */
public final class AggregateRepository<A extends AggregateRoot<?>> {

  private static final Logger LOG = LoggerFactory.getLogger(AggregateRepository.class);

  private final EventStore store;
  private final Function<String, A> factory;
  private final SnapshotStore snapshots;
  private final int snapshotEvery;
  private final int maxAttempts;

  private AggregateRepository(Builder<A> b) {
    this.store = b.store;
    this.factory = b.factory;
    this.snapshots = b.snapshots;
    this.snapshotEvery = b.snapshotEvery;
    this.maxAttempts = b.maxAttempts;
  }

  /** Starts a repository whose aggregates are created by {@code factory} (id → empty aggregate). */
  public static <A extends AggregateRoot<?>> Builder<A> builder(EventStore store, Function<String, A> factory) {
    return new Builder<>(store, factory);
  }

  /** The aggregate with all its events applied (version 0 when it has none). */
  public A load(String id) {
    A aggregate = factory.apply(id);
    EventStream events = restore(aggregate)
        ? store.loadAfter(aggregate.key(), aggregate.version(), aggregate.sequence())
        : store.load(aggregate.key());
    events.events().forEach(aggregate::replay);
    return aggregate;
  }

  /** Appends the aggregate's uncommitted events expecting its loaded version; {@link VersionConflictException} if stale. */
  public AppendResult save(A aggregate) {
    if (aggregate.uncommitted().isEmpty()) {
      return new AppendResult(aggregate.key(), aggregate.version(), aggregate.sequence(), 0);
    }
    long before = aggregate.version();
    AppendResult result = store.append(aggregate.key(), before, aggregate.uncommitted());
    aggregate.committed(result);
    if (snapshots != null && result.version() / snapshotEvery > before / snapshotEvery) {
      snapshot(aggregate);
    }
    return result;
  }

  /**
   * Loads, runs {@code command}, saves; on a version conflict loads again and re-runs the command, up to the
   * configured attempts. The command must be safe to re-run: decide from the aggregate's state only.
   */
  public A update(String id, Consumer<A> command) {
    for (int attempt = 1; ; attempt++) {
      A aggregate = load(id);
      command.accept(aggregate);
      try {
        save(aggregate);
        return aggregate;
      } catch (VersionConflictException e) {
        if (attempt >= maxAttempts) {
          throw e;
        }
        LOG.debug("conflict on {} (attempt {}/{}), re-running the command: {}", id, attempt, maxAttempts, e.getMessage());
      }
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private boolean restore(A aggregate) {
    if (snapshots == null) {
      return false;
    }
    AggregateRoot root = aggregate;
    var snapshot = snapshots.load(aggregate.key(), aggregate.shape(), aggregate.stateType());
    snapshot.ifPresent(s -> root.restore((Snapshot) s));
    return snapshot.isPresent();
  }

  private void snapshot(A aggregate) {
    try {
      snapshots.save(aggregate.key(), aggregate.shape(), new Snapshot<>(aggregate.version(), aggregate.sequence(), aggregate.state()));
    } catch (EventStoreException e) {
      LOG.warn("snapshot of {} at version {} not written (loads replay more events until the next one): {}",
          aggregate.key(), aggregate.version(), e.getMessage());
    }
  }

  /**
   * Builds an {@link AggregateRepository}.
   *
   * @param <A> the aggregate class
   */
  public static final class Builder<A extends AggregateRoot<?>> {
    private final EventStore store;
    private final Function<String, A> factory;
    private SnapshotStore snapshots;
    private int snapshotEvery = 100;
    private int maxAttempts = 5;

    private Builder(EventStore store, Function<String, A> factory) {
      this.store = Objects.requireNonNull(store, "store");
      this.factory = Objects.requireNonNull(factory, "factory");
    }

    /** Snapshots into {@code store} every {@code everyEvents} events (default: no snapshots). */
    public Builder<A> snapshots(SnapshotStore store, int everyEvents) {
      if (everyEvents < 1) {
        throw new IllegalArgumentException("snapshot interval " + everyEvents + " must be at least 1 event");
      }
      this.snapshots = Objects.requireNonNull(store, "snapshot store");
      this.snapshotEvery = everyEvents;
      return this;
    }

    /** How often {@link #update} runs a command before it gives up on conflicts (default 5). */
    public Builder<A> maxAttempts(int attempts) {
      if (attempts < 1) {
        throw new IllegalArgumentException("maxAttempts " + attempts + " must be at least 1");
      }
      this.maxAttempts = attempts;
      return this;
    }

    public AggregateRepository<A> build() {
      return new AggregateRepository<>(this);
    }
  }
}
