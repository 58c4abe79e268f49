package dev.natsaga.sample.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.natsaga.framework.Event;
import dev.natsaga.framework.HandlerRegistration;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.config.NatsagaOptions;
import dev.natsaga.framework.health.ComponentHealth;
import dev.natsaga.framework.health.Health;
import dev.natsaga.framework.health.HealthCheck;
import dev.natsaga.sample.support.HealthEvents.HealthChecked;
import dev.natsaga.test.nats.NatsServerExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Health events over a real nats-server: one at start, one on every readiness change (with {@code statusChanged} and
 * the failing component named), and the payload a fleet dashboard reads (service, version, uptime, CPU, memory, the
 * checks' response time).
 */
@Timeout(60)
class HealthEventsTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  @Test
  void publishesAtStartAndOnEveryStatusChangeWithThePayloadTheFleetReads() throws Exception {
    List<Event<HealthChecked>> received = new CopyOnWriteArrayList<>();
    AtomicBoolean databaseUp = new AtomicBoolean(true);
    Health health = new Health(Duration.ofSeconds(2)).register(HealthCheck.readiness("database",
        () -> databaseUp.get() ? ComponentHealth.up("database", Map.of()) : ComponentHealth.down("database", "refused")));
    NatsagaOptions options = NatsagaOptions.builder().natsUrl(NATS.url()).environment("hev")
        .serviceName("watcher").build();
    try (Natsaga natsaga = Natsaga.builder(options).domains(HealthEvents.DOMAIN)
        .handler(HandlerRegistration.onEvent(HealthEvents.TYPE, HealthChecked.class, received::add).build()).build().start();
         HealthEvents events = HealthEvents.start("booking-service", "1.2.3", health, natsaga.publisher(),
             Duration.ofHours(1), Duration.ofMillis(100))) {
      await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
      HealthChecked first = received.get(0).data();
      assertThat(first.service()).isEqualTo("booking-service");
      assertThat(first.version()).isEqualTo("1.2.3");
      assertThat(first.status()).isEqualTo("UP");
      assertThat(first.statusChanged()).isFalse();
      assertThat(first.failing()).isEmpty();
      assertThat(first.uptimeMs()).isPositive();
      assertThat(first.heapUsedBytes()).isPositive();
      assertThat(first.responseTimeMs()).isNotNegative();
      assertThat(received.get(0).subject()).isEqualTo("booking-service");

      databaseUp.set(false);
      await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 2);
      HealthChecked down = received.get(1).data();
      assertThat(down.status()).isEqualTo("DOWN");
      assertThat(down.statusChanged()).isTrue();
      assertThat(down.failing()).containsExactly("database");

      databaseUp.set(true);
      await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 3);
      assertThat(received.get(2).data().status()).isEqualTo("UP");
      assertThat(received.get(2).data().statusChanged()).isTrue();
      Thread.sleep(500);
      assertThat(received).as("no event between changes while the heartbeat is an hour away").hasSize(3);
    }
  }
}
