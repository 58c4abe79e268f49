package dev.natsaga.saga.engine;

import dev.natsaga.saga.testdb.H2TestDatabase;
import dev.natsaga.saga.testdb.TestDatabase;

class H2SagaReplyBatchTest extends SagaReplyBatchContract {
  @Override
  protected TestDatabase createDatabase() {
    return new H2TestDatabase();
  }
}
