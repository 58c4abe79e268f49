package dev.natsaga.saga.engine;

import dev.natsaga.saga.testdb.PostgresTestDatabase;
import dev.natsaga.saga.testdb.TestDatabase;

class PostgresSagaRaceTest extends SagaRaceContract {
  @Override
  protected TestDatabase createDatabase() {
    return new PostgresTestDatabase();
  }
}
