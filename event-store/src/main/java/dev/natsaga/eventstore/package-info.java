/**
 * Event sourcing on JetStream: {@link dev.natsaga.eventstore.EventStore} (append with an expected version, load by
 * version), {@link dev.natsaga.eventstore.SnapshotStore}, {@link dev.natsaga.eventstore.AggregateRoot} and
 * {@link dev.natsaga.eventstore.AggregateRepository}, {@link dev.natsaga.eventstore.JdbcProjector} and
 * {@link dev.natsaga.eventstore.Replay}. The subject design is in the module README.
 */
package dev.natsaga.eventstore;
