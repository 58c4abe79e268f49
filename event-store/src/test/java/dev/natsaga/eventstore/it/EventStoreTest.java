package dev.natsaga.eventstore.it;

import static dev.natsaga.eventstore.it.Stores.account;
import static dev.natsaga.eventstore.it.Stores.deposited;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.natsaga.eventstore.AggregateKey;
import dev.natsaga.eventstore.AppendResult;
import dev.natsaga.eventstore.EventStore;
import dev.natsaga.eventstore.EventStream;
import dev.natsaga.eventstore.StoredEvent;
import dev.natsaga.eventstore.VersionConflictException;
import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.test.nats.NatsServerExtension;
import io.nats.client.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EventStoreTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  @Test
  void appendedEventsAreCloudEventsOnTheAggregateSubjectWithContiguousVersions(Connection nc) {
    String env = Stores.freshEnv();
    EventStore store = Stores.store(nc, env);
    AggregateKey key = account("acc-1");

    AppendResult first = store.append(key, 0, deposited("a", 1));
    AppendResult next = store.append(key, 1, List.of(deposited("a", 2), deposited("a", 3)));

    assertThat(first.version()).isEqualTo(1);
    assertThat(next.version()).isEqualTo(3);
    EventStream all = store.load(key);
    assertThat(all.version()).isEqualTo(3);
    assertThat(all.events()).extracting(StoredEvent::version).containsExactly(1L, 2L, 3L);
    assertThat(all.events()).extracting(e -> e.data(Stores.Deposited.class).n()).containsExactly(1L, 2L, 3L);
    StoredEvent e = all.events().get(0);
    assertThat(e.aggregateId()).isEqualTo("acc-1");
    assertThat(e.envelope().getExtension("aggregateversion")).hasToString("1");
    assertThat(e.envelope().getSource()).hasToString("bank-service");
    assertThat(store.version(key)).isEqualTo(3);
    assertThat(store.version(account("nobody"))).isZero();
  }

  @Test
  void loadsFromAndUpToAVersion(Connection nc) {
    EventStore store = Stores.store(nc, Stores.freshEnv());
    AggregateKey key = account("acc-range");
    for (int i = 0; i < 10; i++) {
      store.append(key, i, deposited("a", i + 1));
    }
    store.append(account("other"), 0, deposited("b", 1));

    assertThat(store.load(key, 4).events()).extracting(StoredEvent::version).containsExactly(4L, 5L, 6L, 7L, 8L, 9L, 10L);
    assertThat(store.load(key, 3, 5).events()).extracting(StoredEvent::version).containsExactly(3L, 4L, 5L);
    assertThat(store.load(key, 1, 2).version()).isEqualTo(2);
    EventStream afterSeven = store.loadAfter(key, 7, store.load(key, 7, 7).sequence());
    assertThat(afterSeven.events()).extracting(StoredEvent::version).containsExactly(8L, 9L, 10L);
    assertThat(store.load(key, 11).events()).isEmpty();
  }

  @Test
  void aStaleExpectedVersionIsAConflictNamingAggregateExpectedAndActual(Connection nc) {
    EventStore store = Stores.store(nc, Stores.freshEnv());
    AggregateKey key = account("acc-2");
    store.append(key, 0, List.of(deposited("a", 1), deposited("a", 2)));

    assertThatThrownBy(() -> store.append(key, 1, deposited("b", 1)))
        .isInstanceOfSatisfying(VersionConflictException.class, c -> {
          assertThat(c.aggregate()).isEqualTo(key);
          assertThat(c.expected()).isEqualTo(1);
          assertThat(c.actual()).isEqualTo(2);
        })
        .hasMessageContaining("bank.account/acc-2").hasMessageContaining("expected version 1").hasMessageContaining("actual version 2");
    assertThatThrownBy(() -> store.append(key, 0, deposited("b", 1))).isInstanceOf(VersionConflictException.class);
    assertThatThrownBy(() -> store.append(key, 5, deposited("b", 1)))
        .isInstanceOfSatisfying(VersionConflictException.class, c -> assertThat(c.actual()).isEqualTo(2));
    assertThat(store.load(key).events()).hasSize(2);
  }

  @Test
  void aConflictDetectedByTheServerIsReportedWithTheActualVersion(Connection nc) {
    String env = Stores.freshEnv();
    EventStore mine = Stores.store(nc, env);
    EventStore theirs = Stores.store(nc, env);
    AggregateKey key = account("acc-3");
    mine.append(key, 0, deposited("a", 1));
    theirs.append(key, 1, deposited("b", 1));   // mine still caches version 1 at the first event's sequence

    assertThatThrownBy(() -> mine.append(key, 1, deposited("a", 2)))
        .isInstanceOfSatisfying(VersionConflictException.class, c -> assertThat(c.actual()).isEqualTo(2));
    assertThatThrownBy(() -> mine.append(key, 1, List.of(deposited("a", 2), deposited("a", 3))))
        .isInstanceOf(VersionConflictException.class);
    assertThat(mine.load(key).events()).extracting(e -> e.data(Stores.Deposited.class).by()).containsExactly("a", "b");
  }

  @Test
  void idsThatAreNotSubjectTokensAreEncodedAndNeverMixed(Connection nc) {
    EventStore store = Stores.store(nc, Stores.freshEnv());
    store.append(account("a.b"), 0, deposited("x", 1));
    store.append(account("a*b >"), 0, deposited("y", 1));
    store.append(account("a"), 0, deposited("z", 1));

    assertThat(store.load(account("a.b")).events()).singleElement().satisfies(e -> assertThat(e.aggregateId()).isEqualTo("a.b"));
    assertThat(store.load(account("a*b >")).events()).hasSize(1);
    assertThat(store.load(account("a")).events()).singleElement().satisfies(e -> assertThat(e.data(Stores.Deposited.class).by()).isEqualTo("z"));
  }

  @Test
  void eventsOfAnotherAggregateTypeOrSubjectAreRefused(Connection nc) {
    EventStore store = Stores.store(nc, Stores.freshEnv());
    assertThatThrownBy(() -> store.append(account("x"), 0, OutgoingEvent.event("bank.card.issued.v1", "c").build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not belong to aggregate type 'bank.account'");
    assertThatThrownBy(() -> store.append(account("x"), 0, OutgoingEvent.event("bank.account.opened.v1", "c").subject("y").build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("leave the subject unset");
  }

  @Test
  void onlyEventsAreAppended(Connection nc) {
    EventStore store = Stores.store(nc, Stores.freshEnv());
    assertThatThrownBy(() -> store.append(account("k"), 0, OutgoingEvent.command("bank.account.close.v1", "c").build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid type 'bank.account.close.v1'")
        .hasMessageContaining("an event is a fact: its action must be past tense");
    assertThatThrownBy(() -> store.append(account("k"), 0, OutgoingEvent.command("bank.account.reset.v1", "c").build()))
        .as("a same-word past tense started as a command").isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid type 'bank.account.reset.v1'").hasMessageContaining("an event store appends events");
    assertThat(store.version(account("k"))).as("nothing was appended").isZero();
  }
}
