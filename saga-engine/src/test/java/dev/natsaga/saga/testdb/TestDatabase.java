package dev.natsaga.saga.testdb;

import dev.natsaga.saga.jdbc.SagaDatabaseOptions;

/** A throw-away database the store and engine suites run against. */
public interface TestDatabase extends AutoCloseable {

  /** @return options pointing at this database */
  SagaDatabaseOptions options();

  /** @return a short label for messages */
  String label();

  @Override
  void close();
}
