package dev.natsaga.framework.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.framework.PublishException;
import dev.natsaga.test.nats.NatsServerExtension;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A publish to a domain no stream captures fails at once, saying how to add the domain, instead of retrying for 20 s. */
class UncapturedDomainTest {

  private static final String ORDER_PLACED = "orders.order.placed.v1";
  private static final Duration AT_ONCE = Duration.ofSeconds(2);

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  @Test
  void publishFailsAtOnceNamingTheDomainAndHowToAddIt() throws Exception {
    String env = TestNatsaga.freshEnv();
    try (Natsaga natsaga = TestNatsaga.start(TestNatsaga.options(NATS.url(), env, "orders-service").build())) {
      long started = System.nanoTime();

      assertThatThrownBy(() -> natsaga.publisher().publish(OutgoingEvent.event(ORDER_PLACED, new Confirmed("o-1", 100)).build()))
          .isInstanceOf(PublishException.class)
          .hasMessageContaining("no stream captures '" + env + "." + ORDER_PLACED + "'")
          .hasMessageContaining("domains(\"orders\")")
          .hasMessageContaining("NatsagaModule.domains(binder())");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(AT_ONCE);
    }
  }

  @Test
  void asynchronousPublishFailsAtOnceToo() throws Exception {
    String env = TestNatsaga.freshEnv();
    try (Natsaga natsaga = TestNatsaga.start(TestNatsaga.options(NATS.url(), env, "orders-service").build())) {
      long started = System.nanoTime();

      assertThatThrownBy(() -> natsaga.publisher().publishAsync(OutgoingEvent.event(ORDER_PLACED, new Confirmed("o-2", 100)).build())
          .get(10, TimeUnit.SECONDS))
          .hasCauseInstanceOf(PublishException.class)
          .hasMessageContaining("domains(\"orders\")");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(AT_ONCE);
    }
  }

  @Test
  void aDomainAddedWithDomainsIsCapturedAndPublishes() throws Exception {
    String env = TestNatsaga.freshEnv();
    try (Natsaga natsaga = Natsaga.builder(TestNatsaga.options(NATS.url(), env, "orders-service").build())
        .domains("orders").build().start()) {
      assertThat(natsaga.publisher().publish(OutgoingEvent.event(ORDER_PLACED, new Confirmed("o-3", 100)).build()).stream())
          .isEqualTo(env.toUpperCase() + "_ORDERS");
    }
  }
}
