package dev.natsaga.framework.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.natsaga.framework.HandlerRegistration;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.config.ConnectionOptions;
import dev.natsaga.framework.config.ObservabilityOptions;
import dev.natsaga.framework.health.ComponentHealth;
import dev.natsaga.framework.health.HealthCheck;
import dev.natsaga.framework.health.HealthReport;
import dev.natsaga.framework.health.HealthStatus;
import dev.natsaga.test.nats.NatsServerExtension;
import io.nats.client.JetStreamManagement;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Health that tells the truth: a consumer that receives nothing while messages wait for it (its reader stalled;
 * here the server pauses it) goes DOWN within 10 s, and so does NATS when the server stops; a component the
 * application adds (its database) counts like the built-in ones; handlers that hang on every thread fail liveness.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class HealthTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  private static final String CONFIRMED = "booking.appointment.confirmed.v1";
  private static final ObservabilityOptions FAST = ObservabilityOptions.builder()
      .healthTimeout(Duration.ofMillis(500)).consumerStallAfter(Duration.ofSeconds(3)).build();

  @Test
  void aStalledConsumerIsDownWithin10SecondsAndUpAgainWhenItReceives() throws Exception {
    String env = TestNatsaga.freshEnv();
    HandlerRegistration<Confirmed> handler = HandlerRegistration.onEvent(CONFIRMED, Confirmed.class, e -> { }).build();
    String component = "consumer:" + handler.durableName("ledger-service");
    try (Natsaga natsaga = Natsaga.builder(TestNatsaga.options(NATS.url(), env, "ledger-service").observability(FAST).build())
        .handler(handler).build().start()) {
      HealthReport ready = natsaga.health().readiness();
      assertThat(ready.isUp()).as("%s", ready).isTrue();
      assertThat(ready.components()).extracting(ComponentHealth::name).containsExactly("nats", "jetstream", component);
      assertThat(ready.components().get(0).details()).containsKey("roundTripMs");

      JetStreamManagement jsm = natsaga.connection().jetStreamManagement();
      String stream = natsaga.options().environment().streamName("booking");
      jsm.pauseConsumer(stream, handler.durableName("ledger-service"), ZonedDateTime.now().plusMinutes(5));
      for (int i = 0; i < 3; i++) {
        natsaga.publisher().publish(CONFIRMED, new Confirmed("b" + i, i));
      }
      long stalled = System.nanoTime();
      await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500)).until(() -> !natsaga.health().readiness().isUp());
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stalled)).isLessThan(10_000);
      HealthReport down = natsaga.health().readiness();
      assertThat(down.failing()).containsExactly(component);
      ComponentHealth consumer = down.components().get(2);
      assertThat(consumer.details()).containsEntry("pending", 3L).containsEntry("paused", true);
      assertThat((String) consumer.details().get("error")).contains("3 message(s) waiting, none received for");
      assertThat(natsaga.health().liveness().isUp()).as("a stalled reader fails liveness: a restart helps").isFalse();

      jsm.resumeConsumer(stream, handler.durableName("ledger-service"));
      await().atMost(Duration.ofSeconds(10)).until(() -> natsaga.health().readiness().isUp());
    }
  }

  @Test
  void handlersThatHangOnEveryThreadAreDownAndUpAgainOnceOneFinishes() throws Exception {
    String env = TestNatsaga.freshEnv();
    CountDownLatch unblock = new CountDownLatch(1);
    HandlerRegistration<Confirmed> hanging = HandlerRegistration.onEvent(CONFIRMED, Confirmed.class, e -> unblock.await())
        .options(o -> o.withConcurrency(2)).build();
    String component = "consumer:" + hanging.durableName("ledger-service");
    ObservabilityOptions stuckFast = ObservabilityOptions.builder().healthTimeout(Duration.ofMillis(500))
        .consumerStallAfter(Duration.ofSeconds(3)).handlersStuckAfter(Duration.ofSeconds(2)).build();
    try (Natsaga natsaga = Natsaga.builder(TestNatsaga.options(NATS.url(), env, "ledger-service").observability(stuckFast).build())
        .handler(hanging).build().start()) {
      natsaga.publisher().publish(CONFIRMED, new Confirmed("b1", 1));
      Thread.sleep(3_000);
      assertThat(natsaga.health().liveness().isUp()).as("one of two threads busy is not stuck").isTrue();

      for (int i = 2; i <= 4; i++) {
        natsaga.publisher().publish(CONFIRMED, new Confirmed("b" + i, i));
      }
      await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500)).until(() -> !natsaga.health().liveness().isUp());
      ComponentHealth consumer = natsaga.health().liveness().components().stream()
          .filter(c -> c.name().equals(component)).findFirst().orElseThrow();
      assertThat((String) consumer.details().get("error")).contains("all 2 handler thread(s) busy for").contains("handlers stuck");

      unblock.countDown();
      await().atMost(Duration.ofSeconds(10)).until(() -> natsaga.health().liveness().isUp());
    }
  }

  @Test
  void aStoppedNatsServerAndAFailingApplicationComponentAreDownByName() throws Exception {
    String env = TestNatsaga.freshEnv();
    AtomicBoolean databaseUp = new AtomicBoolean(true);
    ConnectionOptions patient = ConnectionOptions.of(NATS.url());
    try (Natsaga natsaga = Natsaga.builder(TestNatsaga.options(NATS.url(), env, "ledger-service").observability(FAST)
        .connection(patient).build()).handler(HandlerRegistration.onEvent(CONFIRMED, Confirmed.class, e -> { }).build()).build().start()) {
      natsaga.health().register(HealthCheck.readiness("database", () -> databaseUp.get()
          ? ComponentHealth.up("database", Map.of("validationQuery", "SELECT 1"))
          : ComponentHealth.down("database", "connection refused")));
      assertThat(natsaga.health().readiness().isUp()).isTrue();

      databaseUp.set(false);
      HealthReport db = natsaga.health().readiness();
      assertThat(db.failing()).containsExactly("database");
      assertThat(natsaga.health().liveness().isUp()).as("a database outage is no reason to restart").isTrue();
      databaseUp.set(true);

      NATS.server().stop();
      try {
        long stopped = System.nanoTime();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500)).until(() -> !natsaga.health().readiness().isUp());
        HealthReport down = natsaga.health().readiness();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopped)).isLessThan(10_000);
        assertThat(down.failing()).contains("nats", "jetstream");
        assertThat(down.components()).filteredOn(c -> c.name().startsWith("consumer:"))
            .extracting(ComponentHealth::status).containsOnly(HealthStatus.UNKNOWN);
        assertThat(natsaga.health().liveness().isUp()).as("NATS down: unknown consumers do not fail liveness").isTrue();
      } finally {
        NATS.server().restart();
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> natsaga.health().readiness().isUp());
    }
  }
}
