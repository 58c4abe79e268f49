package dev.natsaga.eventstore.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.natsaga.eventstore.AggregateKey;
import dev.natsaga.eventstore.EventStore;
import dev.natsaga.eventstore.EventStoreException;
import dev.natsaga.eventstore.StoredEvent;
import dev.natsaga.eventstore.VersionConflictException;
import dev.natsaga.test.nats.NatsServer;
import dev.natsaga.test.nats.NatsServerExtension;
import io.nats.client.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A 3-node cluster, stream R3: the stream leader is killed (kill -9) while two writers append to one aggregate. */
class ClusterLeaderKillTest {

  private static final int ACKS_PER_WRITER = 400;

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.cluster(3);

  @Test
  void noAcknowledgedAppendIsLostAndVersionsStayContiguous() throws Exception {
    String env = Stores.freshEnv();
    Connection nc = NATS.connect();
    EventStore setup = EventStore.create(nc, Stores.options(env).replicas(3).build());
    setup.ensureStream(Stores.DOMAIN);
    AggregateKey key = Stores.account("clustered");
    AtomicInteger acked = new AtomicInteger();
    var one = CompletableFuture.supplyAsync(() -> write(store(env), key, "c1", acked));
    var two = CompletableFuture.supplyAsync(() -> write(store(env), key, "c2", acked));
    while (acked.get() < ACKS_PER_WRITER / 2) {
      Thread.sleep(10);
    }
    String leader = nc.jetStreamManagement().getStreamInfo(env.toUpperCase() + "_BANK").getClusterInfo().getLeader();
    NatsServer killed = NATS.cluster().node(leader);
    killed.kill();
    List<Writer> writers = List.of(one.get(4, TimeUnit.MINUTES), two.get(4, TimeUnit.MINUTES));

    List<StoredEvent> events = setup.load(key).events();
    for (int i = 0; i < events.size(); i++) {
      assertThat(events.get(i).version()).as("version at index %d", i).isEqualTo(i + 1);
    }
    Set<String> stored = new HashSet<>();
    for (StoredEvent e : events) {
      Stores.Deposited d = e.data(Stores.Deposited.class);
      assertThat(stored.add(d.by() + "/" + d.n())).as("stored once: %s/%d", d.by(), d.n()).isTrue();
    }
    for (Writer w : writers) {
      for (long n : w.acknowledged) {
        assertThat(stored).as("acknowledged append %s/%d", w.name, n).contains(w.name + "/" + n);
      }
      for (long n : w.refused) {
        assertThat(stored).as("refused append %s/%d", w.name, n).doesNotContain(w.name + "/" + n);
      }
      assertThat(w.acknowledged).hasSize(ACKS_PER_WRITER);
    }
    assertThat(setup.version(key)).isEqualTo(events.size());
    killed.restart();
  }

  private static EventStore store(String env) {
    return EventStore.create(NATS.connect(), Stores.options(env).replicas(3).timeout(Duration.ofSeconds(2)).attempts(30).build());
  }

  /** One writer: appends until ACKS_PER_WRITER were acknowledged; a failure whose outcome is unknown is neither. */
  private static Writer write(EventStore store, AggregateKey key, String name, AtomicInteger acked) {
    Writer w = new Writer(name);
    long known = 0;
    for (long attempt = 0; w.acknowledged.size() < ACKS_PER_WRITER; attempt++) {
      try {
        known = store.append(key, known, Stores.deposited(name, attempt)).version();
        w.acknowledged.add(attempt);
        acked.incrementAndGet();
      } catch (VersionConflictException e) {
        w.refused.add(attempt);
        known = e.actual();
      } catch (EventStoreException e) {
        known = -1;
      }
      if (known < 0) {
        known = versionWhenAvailable(store, key);
      }
    }
    return w;
  }

  private static long versionWhenAvailable(EventStore store, AggregateKey key) {
    while (true) {
      try {
        return store.version(key);
      } catch (EventStoreException e) {
        sleep();
      }
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static final class Writer {
    final String name;
    final List<Long> acknowledged = new ArrayList<>();
    final List<Long> refused = new ArrayList<>();

    Writer(String name) {
      this.name = name;
    }
  }
}
