package dev.natsaga.outbox;

/** The outbox contract on an H2 file database. */
class H2OutboxTest extends OutboxContract {

  @Override
  TestDatabase database() {
    return TestDatabase.h2();
  }
}
