package dev.natsaga.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.natsaga.framework.Event;
import dev.natsaga.framework.Extensions;
import dev.natsaga.framework.HandlerRegistration;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.test.nats.NatsServerExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Who caused an event travels from the event being handled into every event its handler publishes. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AuthContextTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  private static final String REQUESTED = "payment.payment.requested.v1";
  private static final String AUTHORIZED = "payment.payment.authorized.v1";

  @Test
  void theAuthContextIsInheritedByWhatAHandlerPublishes() throws Exception {
    String env = SecurityTesting.freshEnv();
    AtomicReference<Natsaga> self = new AtomicReference<>();
    List<Event<Map>> outcomes = new CopyOnWriteArrayList<>();
    try (Natsaga natsaga = SecurityTesting.start(NATS.url(), env, "payments", List.of(),
        HandlerRegistration.onEvent(REQUESTED, Map.class, e -> self.get().publisher().publish(AUTHORIZED, Map.of("ok", true))).build(),
        HandlerRegistration.onEvent(AUTHORIZED, Map.class, outcomes::add).build())) {
      self.set(natsaga);
      natsaga.publisher().publish(AuthContext.of(AuthContext.USER, "u-42").applyTo(OutgoingEvent.event(REQUESTED, Map.of("x", 1))).build());
      natsaga.publisher().publish(REQUESTED, Map.of("x", 2));

      await().atMost(Duration.ofSeconds(15)).until(() -> outcomes.size() == 2);
      assertThat(outcomes).extracting(AuthContext::of).containsExactlyInAnyOrder(AuthContext.of(AuthContext.USER, "u-42"), null);
      assertThat(outcomes).filteredOn(e -> e.extension(Extensions.AUTH_ID) != null)
          .singleElement().satisfies(e -> assertThat(e.extension(Extensions.AUTH_TYPE)).isEqualTo("user"));
    }
  }
}
