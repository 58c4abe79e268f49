package dev.natsaga.saga.engine;

import dev.natsaga.saga.testdb.PostgresTestDatabase;
import dev.natsaga.saga.testdb.TestDatabase;

class PostgresSagaRepliesTest extends SagaRepliesContract {
  @Override
  protected TestDatabase createDatabase() {
    return new PostgresTestDatabase();
  }
}
