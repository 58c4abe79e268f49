package dev.natsaga.framework.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One component at a time ({@link Health#check(String)}), as a wiring that shows components separately needs it. */
class HealthComponentTest {

  private final Health health = new Health(Duration.ofMillis(300));

  @AfterEach
  void close() {
    health.close();
  }

  @Test
  void namesAreTheRegisteredComponentsInOrderWithAReRegistrationReplacingItsName() {
    health.register(HealthCheck.readiness("nats", () -> ComponentHealth.up("nats", Map.of())))
        .register(HealthCheck.readiness("database", () -> ComponentHealth.up("database", Map.of())))
        .register(HealthCheck.readiness("nats", () -> ComponentHealth.down("nats", "replaced")));

    assertThat(health.names()).containsExactly("database", "nats");
    assertThat(health.check("nats")).hasValueSatisfying(c -> assertThat(c.details()).containsEntry("error", "replaced"));
  }

  @Test
  void checkRunsOnlyThatComponent() {
    health.register(HealthCheck.readiness("up", () -> ComponentHealth.up("up", Map.of("ms", 1))))
        .register(HealthCheck.readiness("broken", () -> {
          throw new IllegalStateException("must not run");
        }));

    assertThat(health.check("up")).hasValueSatisfying(c -> {
      assertThat(c.isUp()).isTrue();
      assertThat(c.details()).containsEntry("ms", 1);
    });
  }

  @Test
  void aHangingComponentIsDownAfterTheTimeoutAndAnUnknownNameIsEmpty() {
    health.register(HealthCheck.readiness("slow", () -> {
      Thread.sleep(10_000);
      return ComponentHealth.up("slow", Map.of());
    }));

    long start = System.nanoTime();
    ComponentHealth slow = health.check("slow").orElseThrow();

    assertThat(slow.status()).isEqualTo(HealthStatus.DOWN);
    assertThat(slow.details().get("error").toString()).contains("no answer within 300 ms");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(health.check("missing")).isEmpty();
  }
}
