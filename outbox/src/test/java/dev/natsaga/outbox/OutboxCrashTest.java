package dev.natsaga.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.natsaga.framework.Event;
import dev.natsaga.framework.HandlerRegistration;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.outbox.OutboxContract.Placed;
import dev.natsaga.outbox.OutboxContract.RecordingPublisher;
import dev.natsaga.test.nats.NatsServerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A relay JVM killed with SIGKILL after its events were acknowledged by the stream and before it marked them: the
 * next relay publishes the same ids again, the stream's duplicate window drops every one, and each event reaches the
 * consumer exactly once.
 */
@Timeout(120)
class OutboxCrashTest {

  private static final int EVENTS = 40;

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void aRelayKilledBetweenPublishAndMarkRepublishesWithoutADuplicateReachingTheConsumer(String kind) throws Exception {
    String env = Outboxes.freshEnv();
    List<Event<Placed>> received = new CopyOnWriteArrayList<>();
    try (TestDatabase db = TestDatabase.of(kind)) {
      OutboxSchema.migrate(db.dataSource());
      Outboxes.writeEvents(db.dataSource(), EVENTS, i -> OutgoingEvent.event(OutboxContract.PLACED, new Placed("o-" + i, i)).build());
      Natsaga natsaga = Natsaga.builder(Outboxes.options(NATS.url(), env, "shop-service")).domains("shop")
          .handler(HandlerRegistration.onEvent(OutboxContract.PLACED, Placed.class, received::add).build()).build().start();
      try {
        killRelayBetweenPublishAndMark(env, db);
        assertThat(db.count("SELECT COUNT(*) FROM natsaga_outbox WHERE published_at IS NULL"))
            .as("the killed relay marked nothing").isEqualTo(EVENTS);
        assertThat(Outboxes.messagesInStream(natsaga, env)).as("but the stream has every event").isEqualTo(EVENTS);

        RecordingPublisher again = new RecordingPublisher(natsaga.publisher());
        try (OutboxRelay relay = OutboxRelay.builder().dataSource(db.dataSource()).publisher(() -> again).build()) {
          // PostgreSQL may hold the killed session's row locks until it notices the dead connection: SKIP LOCKED
          // skips those rows until then, so relay until all are out
          AtomicInteger relayed = new AtomicInteger();
          await().atMost(Duration.ofSeconds(30)).until(() -> relayed.addAndGet(relay.relayPending()) >= EVENTS);
          assertThat(relayed).hasValue(EVENTS);
        }
        assertThat(again.duplicates).as("every re-publish was dropped by the duplicate window").isEqualTo(EVENTS);
        assertThat(Outboxes.messagesInStream(natsaga, env)).isEqualTo(EVENTS);
        await().atMost(Duration.ofSeconds(15)).until(() -> received.size() >= EVENTS);
        Thread.sleep(500);
        assertThat(received).hasSize(EVENTS);
        assertThat(received.stream().map(Event::id).distinct().count()).isEqualTo(EVENTS);
      } finally {
        natsaga.close();
      }
    }
  }

  private static void killRelayBetweenPublishAndMark(String env, TestDatabase db) throws Exception {
    Path marker = Files.createTempFile("outbox-crash", ".marker");
    Files.delete(marker);
    Process relay = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), OutboxCrashProcess.class.getName(),
        NATS.url(), env, db.url(), db.user(), db.password(), Integer.toString(EVENTS), marker.toString())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    try {
      await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(marker) || !relay.isAlive());
      assertThat(relay.isAlive()).as("the relay process reached the point between publish and mark").isTrue();
    } finally {
      relay.destroyForcibly();
      relay.waitFor(10, TimeUnit.SECONDS);
      Files.deleteIfExists(marker);
    }
  }
}
