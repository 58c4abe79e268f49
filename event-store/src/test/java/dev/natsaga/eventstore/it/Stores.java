package dev.natsaga.eventstore.it;

import dev.natsaga.eventstore.AggregateKey;
import dev.natsaga.eventstore.EventStore;
import dev.natsaga.eventstore.EventStoreOptions;
import dev.natsaga.framework.OutgoingEvent;
import io.nats.client.Connection;
import java.util.concurrent.ThreadLocalRandom;

/** Test helpers: a fresh environment per test, stores on it, and the test aggregate's events. */
final class Stores {

  static final String DOMAIN = "bank";

  private Stores() {
  }

  static String freshEnv() {
    return "t" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
  }

  static EventStoreOptions.Builder options(String env) {
    return EventStoreOptions.builder().environment(env).serviceName("bank-service");
  }

  static EventStore store(Connection connection, String env) {
    EventStore store = EventStore.create(connection, options(env).build());
    store.ensureStream(DOMAIN);
    return store;
  }

  static AggregateKey account(String id) {
    return AggregateKey.of("bank.account", id);
  }

  static OutgoingEvent<Deposited> deposited(String by, long n) {
    return OutgoingEvent.event("bank.account.deposited.v1", new Deposited(by, n, 1)).build();
  }

  /** A deposit event's payload. */
  record Deposited(String by, long n, long amount) {
  }
}
