/** Real test databases: an H2 file database in a temp directory, and a fresh PostgreSQL schema per test class. */
package dev.natsaga.saga.testdb;
