package dev.natsaga.saga.engine;

import dev.natsaga.saga.testdb.PostgresTestDatabase;
import dev.natsaga.saga.testdb.TestDatabase;

class PostgresParallelGroupTest extends ParallelGroupContract {
  @Override
  protected TestDatabase createDatabase() {
    return new PostgresTestDatabase();
  }
}
