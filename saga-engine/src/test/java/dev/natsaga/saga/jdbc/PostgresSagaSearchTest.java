package dev.natsaga.saga.jdbc;

import dev.natsaga.saga.testdb.PostgresTestDatabase;
import dev.natsaga.saga.testdb.TestDatabase;

class PostgresSagaSearchTest extends SagaSearchContract {
  @Override
  protected TestDatabase createDatabase() {
    return new PostgresTestDatabase();
  }
}
