/**
 * The persistence contract of the saga engine: {@link dev.natsaga.saga.store.SagaStore} (queries, claims
 * and the unit of work) and {@link dev.natsaga.saga.store.SagaTransaction} (everything one state change
 * writes: the instance row, step log rows and outbox rows, committed together). The JDBC implementation
 * is {@link dev.natsaga.saga.jdbc.JdbcSagaStore}.
 */
package dev.natsaga.saga.store;
