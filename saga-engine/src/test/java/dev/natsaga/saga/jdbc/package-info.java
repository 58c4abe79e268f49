/** The JDBC store suite, run against H2 and PostgreSQL. */
package dev.natsaga.saga.jdbc;
