package dev.natsaga.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.natsaga.test.nats.NatsServer;
import dev.natsaga.test.nats.NatsServerExtension;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.health.actuate.endpoint.CompositeHealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;

/** Actuator health follows NATS: DOWN naming the component while the nats-server is stopped, UP once it is back. */
class StarterHealthTest {

  @RegisterExtension
  final NatsServerExtension nats = NatsServerExtension.singleNode();

  @Test
  void healthIsDownNamingNatsWhileTheServerIsStoppedAndUpAgainAfterwards(NatsServer server) {
    try (ConfigurableApplicationContext context = TestApplications.run(server.url(),
        Map.of("natsaga.observability.health-timeout", "1s", "natsaga.shutdown-timeout", "2s"))) {
      HealthEndpoint health = context.getBean(HealthEndpoint.class);
      assertThat(health.healthForPath("natsaga").getStatus()).isEqualTo(Status.UP);

      server.stop();

      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        assertThat(health.health().getStatus()).as("the application is DOWN").isEqualTo(Status.DOWN);
        CompositeHealthDescriptor natsaga = (CompositeHealthDescriptor) health.healthForPath("natsaga");
        assertThat(natsaga.getStatus()).isEqualTo(Status.DOWN);
        assertThat(natsaga.getComponents().get("nats").getStatus()).as("the component that failed is named")
            .isEqualTo(Status.DOWN);
      });
      assertThat(health.healthForPath("natsaga", "database").getStatus()).as("the saga database is still fine")
          .isEqualTo(Status.UP);

      server.restart();

      await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
          assertThat(health.healthForPath("natsaga").getStatus()).as("reconnected").isEqualTo(Status.UP));
    }
  }
}
