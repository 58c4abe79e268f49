package dev.natsaga.saga.jdbc;

import dev.natsaga.saga.testdb.H2TestDatabase;
import dev.natsaga.saga.testdb.TestDatabase;

class H2UnitOfWorkTest extends UnitOfWorkContract {
  @Override
  protected TestDatabase createDatabase() {
    return new H2TestDatabase();
  }
}
