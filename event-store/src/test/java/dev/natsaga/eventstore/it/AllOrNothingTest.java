package dev.natsaga.eventstore.it;

import static dev.natsaga.eventstore.it.Stores.account;
import static dev.natsaga.eventstore.it.Stores.deposited;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.natsaga.eventstore.AggregateKey;
import dev.natsaga.eventstore.EventStore;
import dev.natsaga.eventstore.EventStoreException;
import dev.natsaga.eventstore.EventStoreOptions.BatchMode;
import dev.natsaga.eventstore.StoredEvent;
import dev.natsaga.eventstore.VersionConflictException;
import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.test.nats.NatsServerExtension;
import io.nats.client.Connection;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Several events of one append land all or none: with the server's atomic batch and with the chained fallback. */
class AllOrNothingTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  private static EventStore store(Connection nc, BatchMode mode) {
    EventStore store = EventStore.create(nc, Stores.options(Stores.freshEnv()).batchMode(mode).build());
    store.ensureStream(Stores.DOMAIN);
    return store;
  }

  /** An event the server refuses: its JSON data is larger than the server's max payload. */
  private static OutgoingEvent<String> oversized(Connection nc) {
    return OutgoingEvent.event("bank.account.deposited.v1", "x".repeat((int) nc.getMaxPayload() + 1)).build();
  }

  @ParameterizedTest
  @EnumSource(BatchMode.class)
  void aBatchThatFailsInTheMiddleStoresNothing(BatchMode mode, Connection nc) {
    EventStore store = store(nc, mode);
    AggregateKey key = account("acc-mid");
    store.append(key, 0, deposited("a", 1));

    assertThatThrownBy(() -> store.append(key, 1, List.of(deposited("a", 2), deposited("a", 3), oversized(nc), deposited("a", 5))))
        .isInstanceOf(EventStoreException.class).hasMessageContaining("bank.account/acc-mid");

    assertThat(store.load(key).events()).extracting(StoredEvent::version).containsExactly(1L);
    assertThat(store.version(key)).isEqualTo(1);
    store.append(key, 1, List.of(deposited("a", 2), deposited("a", 3)));
    assertThat(store.load(key).events()).extracting(StoredEvent::version).containsExactly(1L, 2L, 3L);
  }

  @ParameterizedTest
  @EnumSource(BatchMode.class)
  void aConflictingBatchStoresNothing(BatchMode mode, Connection nc) {
    EventStore store = store(nc, mode);
    AggregateKey key = account("acc-conflict");
    store.append(key, 0, List.of(deposited("a", 1), deposited("a", 2)));

    assertThatThrownBy(() -> store.append(key, 1, List.of(deposited("b", 1), deposited("b", 2), deposited("b", 3))))
        .isInstanceOfSatisfying(VersionConflictException.class, c -> assertThat(c.actual()).isEqualTo(2));
    assertThat(store.load(key).events()).extracting(e -> e.data(Stores.Deposited.class).by()).containsExactly("a", "a");
  }

  @ParameterizedTest
  @EnumSource(BatchMode.class)
  void aBatchAboveTheServersLimitStoresNothing(BatchMode mode, Connection nc) {
    EventStore store = store(nc, mode);
    AggregateKey key = account("acc-big");
    List<OutgoingEvent<?>> events = new ArrayList<>();
    for (int i = 0; i < 1001; i++) {
      events.add(i == 1000 && mode == BatchMode.CHAINED ? oversized(nc) : deposited("a", i));
    }
    assertThatThrownBy(() -> store.append(key, 0, events)).isInstanceOf(EventStoreException.class);
    assertThat(store.load(key).events()).isEmpty();
    assertThat(store.version(key)).isZero();
  }
}
