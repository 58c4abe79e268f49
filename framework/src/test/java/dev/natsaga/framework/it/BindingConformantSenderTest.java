package dev.natsaga.framework.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.natsaga.framework.Event;
import dev.natsaga.framework.HandlerRegistration;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.test.nats.NatsServerExtension;
import io.nats.client.impl.Headers;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A sender in another language that follows the NATS protocol binding 1.0.3 to the letter (every attribute a
 * {@code ce-} header, {@code ce-datacontenttype} included, no {@code Content-Type}; an older sender's quoted string;
 * lower-case percent-encoding) talks to a natsaga handler in binary mode: handled, nothing dead-lettered.
 */
class BindingConformantSenderTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  private static final String CONFIRMED = "booking.appointment.confirmed.v1";

  @Test
  void aBinaryModeMessageAsTheBindingWritesItIsHandled() throws Exception {
    String env = TestNatsaga.freshEnv();
    Map<String, Event<Confirmed>> received = new ConcurrentHashMap<>();
    try (Natsaga natsaga = TestNatsaga.start(TestNatsaga.options(NATS.url(), env, "payment-service").build(),
        HandlerRegistration.onEvent(CONFIRMED, Confirmed.class, e -> received.put(e.id(), e)).build())) {
      String id = UUID.randomUUID().toString();
      Headers ce = new Headers()
          .put("ce-specversion", "1.0")
          .put("ce-type", CONFIRMED)
          .put("ce-time", "2018-04-05T03:56:24Z")
          .put("ce-id", id)
          .put("ce-source", "/mycontext/subcontext")
          .put("ce-datacontenttype", "application/json")
          .put("ce-subject", "\"Z%c3%bcrich 1\"")
          .put("ce-correlationid", "\"corr \\\"7\\\"\"");

      natsaga.connection().jetStream().publish(env + "." + CONFIRMED, ce, HandWrittenEvents.bytes(HandWrittenEvents.data("b-spec", 7)));

      await().atMost(Duration.ofSeconds(10)).until(() -> received.containsKey(id));
      Event<Confirmed> event = received.get(id);
      assertThat(event.data()).isEqualTo(new Confirmed("b-spec", 7));
      assertThat(event.subject()).as("unquoted, then percent-decoded").isEqualTo("Zürich 1");
      assertThat(event.correlationId()).isEqualTo("corr \"7\"");
      assertThat(event.source()).isEqualTo("/mycontext/subcontext");
      assertThat(natsaga.deadLetters().count()).isZero();
    }
  }
}
