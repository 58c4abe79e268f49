package dev.natsaga.saga.jdbc;

import dev.natsaga.saga.testdb.H2TestDatabase;
import dev.natsaga.saga.testdb.TestDatabase;

class H2SagaSearchTest extends SagaSearchContract {
  @Override
  protected TestDatabase createDatabase() {
    return new H2TestDatabase();
  }
}
