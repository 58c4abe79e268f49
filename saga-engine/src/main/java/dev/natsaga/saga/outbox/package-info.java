/**
 * The transactional outbox: commands written in the same transaction as the saga state change
 * ({@link dev.natsaga.saga.outbox.OutboxMessage}), a {@link dev.natsaga.saga.outbox.CommandTransport}
 * the messaging layer implements, and the {@link dev.natsaga.saga.outbox.OutboxRelay} that moves rows
 * from the table to the transport.
 */
package dev.natsaga.saga.outbox;
