/** Tests of the transactional outbox against H2, PostgreSQL and a real nats-server. */
package dev.natsaga.outbox;
