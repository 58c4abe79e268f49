package dev.natsaga.eventstore;

import dev.natsaga.eventstore.internal.JetStreamEventStore;
import dev.natsaga.framework.OutgoingEvent;
import io.nats.client.Connection;
import java.util.List;

/**
 * An event store on JetStream: each aggregate's events are ordinary CloudEvents in its domain's stream, appended
 * with an expected version (optimistic concurrency on the aggregate's subjects) and read back in order.
 *
 * <pre>{@code
 * EventStore store = EventStore.create(connection, options);
 * store.ensureStream("bank");
 * AggregateKey key = AggregateKey.of("bank.account", "acc-42");
 * store.append(key, 0, List.of(OutgoingEvent.event("bank.account.opened.v1", new Opened("alice")).build()));
 * EventStream events = store.load(key);             // events().size() == 1, version() == 1
 * store.append(key, 0, List.of(...));               // VersionConflictException: expected 0, actual 1
 * }</pre>
 */
public interface EventStore {

  /** A store on {@code connection}; nothing is sent to the server until it is used. */
  static EventStore create(Connection connection, EventStoreOptions options) {
    return new JetStreamEventStore(connection, options);
  }

  /**
   * Creates the domain's stream {@code {ENV}_{DOMAIN}} for event sourcing (kept forever, direct get, atomic batch
   * publish where the server has it), or turns those flags on in an existing stream. An existing stream that
   * expires messages is refused: an event store must keep every event.
   */
  void ensureStream(String domain);

  /**
   * Appends events to an aggregate whose current version must be {@code expectedVersion} (0 for a new aggregate).
   * Several events land all or none. Each event's type must be {@code {aggregate type}.{action}.v{N}}, an event
   * (past tense, started with {@code OutgoingEvent.event}; a command is refused naming the type and the rule); its
   * CloudEvents subject is set to the aggregate id.
   *
   * @throws VersionConflictException when the aggregate's version is not {@code expectedVersion}
   */
  AppendResult append(AggregateKey aggregate, long expectedVersion, List<? extends OutgoingEvent<?>> events);

  /** Appends one event; see {@link #append(AggregateKey, long, List)}. */
  default AppendResult append(AggregateKey aggregate, long expectedVersion, OutgoingEvent<?> event) {
    return append(aggregate, expectedVersion, List.of(event));
  }

  /** All events of the aggregate. */
  default EventStream load(AggregateKey aggregate) {
    return load(aggregate, 1, Long.MAX_VALUE);
  }

  /** The events from version {@code fromVersion} (inclusive) on. */
  default EventStream load(AggregateKey aggregate, long fromVersion) {
    return load(aggregate, fromVersion, Long.MAX_VALUE);
  }

  /** The events from {@code fromVersion} to {@code toVersion}, both inclusive. */
  EventStream load(AggregateKey aggregate, long fromVersion, long toVersion);

  /**
   * The events after a known position: the event at stream sequence {@code sequence} has version {@code version}
   * (e.g. from a snapshot); reading starts right after it.
   */
  EventStream loadAfter(AggregateKey aggregate, long version, long sequence);

  /** The aggregate's current version (0 when it has no events). */
  long version(AggregateKey aggregate);
}
