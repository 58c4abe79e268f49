package dev.natsaga.eventstore.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.natsaga.eventstore.EventStore;
import dev.natsaga.eventstore.Replay;
import dev.natsaga.eventstore.StartPosition;
import dev.natsaga.eventstore.StoredEvent;
import dev.natsaga.framework.HandlerRegistration;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.framework.config.NatsagaOptions;
import dev.natsaga.framework.config.StreamOptions;
import dev.natsaga.test.nats.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.api.ConsumerInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Replay of a domain or chosen types from a sequence or a time, next to a live durable consumer it must not disturb. */
class ReplayTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  @Test
  void replaysWithoutDisturbingTheLiveConsumerWhichAlsoGetsTheStoresEvents(Connection nc) throws Exception {
    String env = Stores.freshEnv();
    EventStore store = Stores.store(nc, env);
    List<String> live = new CopyOnWriteArrayList<>();
    NatsagaOptions options = NatsagaOptions.builder().natsUrl(NATS.url()).environment(env).serviceName("bank-service")
        .streams(StreamOptions.defaults().withMaxAge(Duration.ZERO)).shutdownTimeout(Duration.ofSeconds(5)).build();
    try (Natsaga natsaga = Natsaga.builder(options).handler(HandlerRegistration
        .onEvent("bank.account.deposited.v1", Stores.Deposited.class, e -> live.add(e.subject())).includeAggregateEvents().build())
        .build().start()) {
      for (int i = 0; i < 10; i++) {
        store.append(Stores.account("r" + i), 0, List.of(Stores.deposited("s", i), OutgoingEvent.event("bank.account.audited.v1", i).build()));
      }
      Thread.sleep(1100);
      Instant cut = Instant.now();
      for (int i = 0; i < 5; i++) {
        natsaga.publisher().publish(OutgoingEvent.event("bank.account.deposited.v1", new Stores.Deposited("p", i, 1)).subject("plain" + i).build());
      }
      awaitSize(live, 15);
      ConsumerInfo before = settled(nc, env);

      List<StoredEvent> all = replay(nc, env, StartPosition.beginning());
      List<StoredEvent> deposits = replay(nc, env, StartPosition.beginning(), "bank.account.deposited.v1");
      List<StoredEvent> fromSeq = replay(nc, env, StartPosition.sequence(all.get(10).sequence()));
      List<StoredEvent> fromTime = replay(nc, env, StartPosition.time(cut));

      assertThat(all).hasSize(25);
      assertThat(all).extracting(StoredEvent::sequence).isSorted();
      assertThat(deposits).hasSize(15).allSatisfy(e -> assertThat(e.type().name()).isEqualTo("bank.account.deposited.v1"));
      assertThat(deposits.get(0).version()).isEqualTo(1);
      assertThat(fromSeq).hasSize(15).first().extracting(StoredEvent::sequence).isEqualTo(all.get(10).sequence());
      assertThat(fromTime).hasSize(5).allSatisfy(e -> assertThat(e.data(Stores.Deposited.class).by()).isEqualTo("p"));
      ConsumerInfo after = nc.jetStreamManagement().getConsumerInfo(env.toUpperCase() + "_BANK", "bank-service__bank_account_deposited_v1");
      assertThat(after.getDelivered().getStreamSequence()).isEqualTo(before.getDelivered().getStreamSequence());
      assertThat(after.getAckFloor().getStreamSequence()).isEqualTo(before.getAckFloor().getStreamSequence());
      assertThat(after.getNumPending()).isZero();
      assertThat(live).hasSize(15);
    }
  }

  private static List<StoredEvent> replay(Connection nc, String env, StartPosition from, String... types) {
    List<StoredEvent> out = new ArrayList<>();
    Replay.Result r = Replay.builder(nc, env, Stores.DOMAIN).types(types).from(from).build().run(out::add);
    assertThat(r.events()).isEqualTo(out.size());
    return out;
  }

  /** The live consumer's state once its handler has also acked what it handled (the ack follows the handler). */
  private static ConsumerInfo settled(Connection nc, String env) throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (true) {
      ConsumerInfo info = nc.jetStreamManagement().getConsumerInfo(env.toUpperCase() + "_BANK", "bank-service__bank_account_deposited_v1");
      if (info.getNumAckPending() == 0 || System.nanoTime() > deadline) {
        return info;
      }
      Thread.sleep(50);
    }
  }

  private static void awaitSize(List<String> list, int size) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (list.size() < size && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(list).hasSize(size);
  }
}
