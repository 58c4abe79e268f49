/**
 * The JDBC saga store: {@link dev.natsaga.saga.jdbc.JdbcSagaStore} over a HikariCP pool, configured by
 * {@link dev.natsaga.saga.jdbc.SagaDatabaseOptions}; H2 (file) by default, PostgreSQL in production, one
 * schema for both through the Flyway migrations in {@code db/migration/natsaga-saga}. The SQL lives in
 * one constants class; the JDBC plumbing in package-private classes.
 */
package dev.natsaga.saga.jdbc;
