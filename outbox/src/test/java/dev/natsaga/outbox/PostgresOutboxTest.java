package dev.natsaga.outbox;

/** The outbox contract on PostgreSQL, a fresh schema per test. */
class PostgresOutboxTest extends OutboxContract {

  @Override
  TestDatabase database() {
    return TestDatabase.postgres();
  }
}
