/**
 * Saga metrics and health: a {@link dev.natsaga.saga.store.SagaStore} decorator counting sagas started, completed,
 * compensated and parked, timing sagas and steps; gauges read from the database (sagas by status, outbox backlog
 * and age, deadline lag); and health checks for the saga database and the outbox.
 */
package dev.natsaga.saga.observe;
