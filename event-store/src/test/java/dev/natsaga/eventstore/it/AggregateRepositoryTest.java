package dev.natsaga.eventstore.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.natsaga.eventstore.AggregateKey;
import dev.natsaga.eventstore.AggregateRepository;
import dev.natsaga.eventstore.EventStore;
import dev.natsaga.eventstore.Snapshot;
import dev.natsaga.eventstore.SnapshotStore;
import dev.natsaga.test.nats.NatsServerExtension;
import io.nats.client.Connection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AggregateRepositoryTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  @Test
  void snapshotPlusTailEqualsAFullReplay(Connection nc) {
    String env = Stores.freshEnv();
    EventStore store = Stores.store(nc, env);
    SnapshotStore snapshots = SnapshotStore.create(nc, env, 1);
    AggregateRepository<Account> withSnapshots = AggregateRepository.builder(store, Account::new).snapshots(snapshots, 100).build();
    AggregateRepository<Account> replayOnly = AggregateRepository.builder(store, Account::new).build();
    for (int i = 0; i < 50; i++) {
      long amount = i + 1;
      withSnapshots.update("acc-snap", a -> {
        for (int k = 0; k < 5; k++) {
          a.deposit("w", amount);
        }
      });
    }

    Account fromSnapshot = withSnapshots.load("acc-snap");
    Account full = replayOnly.load("acc-snap");

    assertThat(full.version()).isEqualTo(250);
    assertThat(fromSnapshot.version()).isEqualTo(250);
    assertThat(fromSnapshot.state()).isEqualTo(full.state());
    assertThat(full.state().balance()).isEqualTo(5L * 50 * 51 / 2);
    Snapshot<Account.State> stored = snapshots.load(AggregateKey.of("bank.account", "acc-snap"), "State-1", Account.State.class).orElseThrow();
    assertThat(stored.version()).isEqualTo(250 / 100 * 100);
    assertThat(stored.state().deposits()).isEqualTo(stored.version());
  }

  @Test
  void aSnapshotOfAnotherShapeOrUnreadableIsIgnored(Connection nc) {
    String env = Stores.freshEnv();
    EventStore store = Stores.store(nc, env);
    SnapshotStore snapshots = SnapshotStore.create(nc, env, 1);
    AggregateRepository<Account> repo = AggregateRepository.builder(store, Account::new).snapshots(snapshots, 1000).build();
    repo.update("acc-old", a -> a.deposit("w", 7));
    repo.update("acc-old", a -> a.deposit("w", 8));
    AggregateKey key = AggregateKey.of("bank.account", "acc-old");

    snapshots.save(key, "State-0", new Snapshot<>(2, 2, Map.of("deposits", 99, "balance", 1_000_000)));
    assertThat(repo.load("acc-old").state()).isEqualTo(new Account.State(2, 15, "w"));

    snapshots.save(key, "State-1", new Snapshot<>(2, 2, Map.of("deposits", "not a number")));
    assertThat(repo.load("acc-old").state()).isEqualTo(new Account.State(2, 15, "w"));
  }

  @Test
  void updateReRunsTheCommandOnAConflict(Connection nc) throws Exception {
    String env = Stores.freshEnv();
    EventStore store = Stores.store(nc, env);
    AggregateRepository<Account> repo = AggregateRepository.builder(store, Account::new).maxAttempts(50).build();
    AtomicInteger runs = new AtomicInteger();

    repo.update("acc-race", a -> {
      a.deposit("me", 1);
      if (runs.incrementAndGet() == 1) {
        store.append(a.key(), a.version(), Stores.deposited("someone-else", 1));
      }
    });

    assertThat(runs.get()).isEqualTo(2);
    assertThat(repo.load("acc-race").state()).isEqualTo(new Account.State(2, 2, "me"));

    var one = CompletableFuture.runAsync(() -> deposits(repo, "t1"));
    var two = CompletableFuture.runAsync(() -> deposits(repo, "t2"));
    one.get(1, TimeUnit.MINUTES);
    two.get(1, TimeUnit.MINUTES);
    assertThat(repo.load("acc-race").state().deposits()).isEqualTo(2 + 2 * 100);
  }

  private static void deposits(AggregateRepository<Account> repo, String by) {
    for (int i = 0; i < 100; i++) {
      repo.update("acc-race", a -> a.deposit(by, 1));
    }
  }
}
