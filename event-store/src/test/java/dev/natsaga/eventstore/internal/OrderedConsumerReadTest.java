package dev.natsaga.eventstore.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.natsaga.eventstore.AggregateKey;
import dev.natsaga.eventstore.EventStore;
import dev.natsaga.eventstore.EventStoreOptions;
import dev.natsaga.eventstore.EventStream;
import dev.natsaga.eventstore.StoredEvent;
import dev.natsaga.framework.Environment;
import dev.natsaga.framework.Json;
import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.framework.codec.CloudEventCodec;
import dev.natsaga.framework.codec.PayloadCodec;
import dev.natsaga.test.nats.NatsServerExtension;
import io.nats.client.Connection;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The reader for servers without batched direct get (before 2.11) reads the same events as the direct one. */
class OrderedConsumerReadTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  @Test
  void orderedConsumerAndDirectBatchReadTheSame(Connection nc) throws Exception {
    String env = "t" + System.nanoTime() % 1_000_000_000L;
    EventStore store = EventStore.create(nc, EventStoreOptions.builder().environment(env).serviceName("svc").build());
    store.ensureStream("bank");
    AggregateKey key = AggregateKey.of("bank.account", "acc.1");
    for (int i = 0; i < 1500; i += 100) {
      var events = new java.util.ArrayList<OutgoingEvent<?>>();
      for (int k = 0; k < 100; k++) {
        events.add(OutgoingEvent.event("bank.account.deposited.v1", i + k).build());
      }
      store.append(key, i, events);
      store.append(AggregateKey.of("bank.account", "other"), i / 100, OutgoingEvent.event("bank.account.deposited.v1", 0).build());
    }
    AggregateSubjects subjects = new AggregateSubjects(Environment.of(env));
    Positions positions = new Positions(nc.jetStreamManagement(), subjects, 3);
    PayloadCodec payloads = new PayloadCodec(Json.mapper());
    EventReader ordered = new EventReader(nc, subjects, new CloudEventCodec(), payloads, positions, Duration.ofSeconds(5), false);
    EventReader direct = new EventReader(nc, subjects, new CloudEventCodec(), payloads, positions, Duration.ofSeconds(5), true);

    EventStream a = ordered.read(key, 1, 1, Long.MAX_VALUE);
    EventStream b = direct.read(key, 1, 1, Long.MAX_VALUE);
    assertThat(a.events()).hasSize(1500);
    assertThat(a.events()).extracting(StoredEvent::sequence).isEqualTo(b.events().stream().map(StoredEvent::sequence).toList());
    assertThat(a.events()).extracting(e -> e.data(Integer.class)).isEqualTo(java.util.stream.IntStream.range(0, 1500).boxed().toList());
    assertThat(ordered.read(key, 1, 700, 710).events()).extracting(StoredEvent::version).hasSize(11).startsWith(700L).endsWith(710L);
    assertThat(ordered.read(AggregateKey.of("bank.account", "none"), 1, 1, Long.MAX_VALUE).events()).isEmpty();
  }
}
