package dev.natsaga.saga.engine;

import dev.natsaga.saga.testdb.PostgresTestDatabase;
import dev.natsaga.saga.testdb.TestDatabase;

class PostgresRecordedStateTest extends RecordedStateContract {
  @Override
  protected TestDatabase createDatabase() {
    return new PostgresTestDatabase();
  }
}
