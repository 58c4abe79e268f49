/**
 * The transactional outbox for any service: {@link dev.natsaga.outbox.Outbox#publish(java.sql.Connection,
 * dev.natsaga.framework.OutgoingEvent)} writes an event in the caller's own database transaction, and one
 * {@link dev.natsaga.outbox.OutboxRelay} publishes committed rows through the framework's publisher with
 * {@code Nats-Msg-Id} derived from the event's source and id, marks them, and is safe with several instances. The saga engine writes its
 * commands through the same table and relay. Schema: {@link dev.natsaga.outbox.OutboxSchema}.
 */
package dev.natsaga.outbox;
