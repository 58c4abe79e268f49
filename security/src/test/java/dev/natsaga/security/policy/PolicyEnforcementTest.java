package dev.natsaga.security.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.natsaga.framework.ContentMode;
import dev.natsaga.framework.Event;
import dev.natsaga.framework.HandlerRegistration;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.PublishException;
import dev.natsaga.framework.codec.CloudEventCodec;
import dev.natsaga.framework.config.NatsagaOptions;
import dev.natsaga.framework.config.Settings;
import dev.natsaga.framework.dlq.DeadLetter;
import dev.natsaga.framework.dlq.DeadLetterReason;
import dev.natsaga.framework.payload.PayloadJson;
import dev.natsaga.framework.payload.PayloadRefusedException;
import dev.natsaga.security.SecurityTesting;
import dev.natsaga.test.nats.NatsServer;
import dev.natsaga.test.nats.NatsServerExtension;
import dev.natsaga.test.nats.NatsServerOptions;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The policy's two enforcers: the framework refuses a forbidden publish before sending and dead-letters an event from an
 * unauthorized source; with the framework check off, nats-server under the generated accounts refuses the same publish.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PolicyEnforcementTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  private static final Policy POLICY = Policy.load(GeneratedAccountsTest.NATS_CONFIG.resolve("policy.yaml"));
  private static final String CONFIRMED = "booking.appointment.confirmed.v1";
  private static final String AUTHORIZED = "payment.transaction.authorized.v1";

  @Test
  void aForbiddenPublishIsRefusedByTheFrameworkAndWithTheCheckOffByNatsServerUnderTheGeneratedAccounts() throws Exception {
    try (NatsServer secure = NatsServer.start(NatsServerOptions.builder()
        .configFile(GeneratedAccountsTest.NATS_CONFIG.resolve("secure.conf").toAbsolutePath()).jetStream(false).build());
        Connection admin = Nats.connect(Options.builder().server(secure.url()).userInfo("natsaga-admin", "admin-dev-password").build())) {
      String env = SecurityTesting.freshEnv();
      NatsagaOptions options = asPaymentService(secure.url(), env);
      Natsaga.Builder checked = Natsaga.builder(options).domains("booking", "payment").payloadStage(new PolicyStage(POLICY, "payment-service"));
      try (Natsaga payment = checked.build().start()) {
        assertThat(payment.publisher().publish("payment.transaction.authorized.v1", Map.of("id", "t1")).stream())
            .isEqualTo(env.toUpperCase() + "_PAYMENT");
        assertThatThrownBy(() -> payment.publisher().publish(CONFIRMED, Map.of("bookingId", "b1")))
            .isInstanceOf(PayloadRefusedException.class)
            .hasMessageContaining("payment-service may not publish " + CONFIRMED);
      }
      try (Natsaga unchecked = Natsaga.builder(options).domains("booking", "payment").build().start()) {
        assertThatThrownBy(() -> unchecked.publisher().publish(CONFIRMED, Map.of("bookingId", "b2")))
            .isInstanceOf(PublishException.class).isNotInstanceOf(PayloadRefusedException.class);
      }
      assertThat(admin.jetStreamManagement().getStreamInfo(env.toUpperCase() + "_BOOKING").getStreamState().getMsgCount())
          .as("neither forbidden publish reached the stream").isZero();
    }
  }

  @Test
  void anEventFromASourceThePolicyDoesNotAllowIsDeadLetteredUnauthorizedSource() throws Exception {
    String env = SecurityTesting.freshEnv();
    List<Event<Map>> handled = Collections.synchronizedList(new ArrayList<>());
    try (Natsaga booking = SecurityTesting.start(NATS.url(), env, "booking-service", List.of(new PolicyStage(POLICY, "booking-service")),
        HandlerRegistration.onEvent(AUTHORIZED, Map.class, handled::add).build())) {
      CloudEvent forged = event("booking-service");
      CloudEvent genuine = event("payment-service");
      CloudEventCodec codec = new CloudEventCodec();
      booking.connection().jetStream().publish(codec.encode(env + "." + AUTHORIZED, forged, ContentMode.BINARY));
      booking.connection().jetStream().publish(codec.encode(env + "." + AUTHORIZED, genuine, ContentMode.BINARY));

      await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
        assertThat(handled).extracting(Event::id).containsExactly(genuine.getId());
        assertThat(booking.deadLetters().count()).isEqualTo(1);
      });
      DeadLetter dead = booking.deadLetters().list(0, 1).get(0);
      assertThat(dead.reason()).isEqualTo(DeadLetterReason.UNAUTHORIZED_SOURCE);
      assertThat(dead.error()).contains("source 'booking-service'").contains(forged.getId());
    }
  }

  private static CloudEvent event(String source) {
    CloudEvent e = CloudEventBuilder.v1().withId(UUID.randomUUID().toString()).withSource(URI.create(source)).withType(AUTHORIZED).build();
    return PayloadJson.withData(e, "{\"transactionId\":\"t-1\"}".getBytes(StandardCharsets.UTF_8));
  }

  private static NatsagaOptions asPaymentService(String url, String env) {
    return NatsagaOptions.from(Settings.of(Map.of("NATS_URL", url, "APP_ENV", env, "SERVICE_NAME", "payment-service",
        "NATS_USER", "payment-service", "NATS_PASSWORD", "payment-dev-password", "NATS_SHUTDOWN_TIMEOUT", "5s",
        "NATS_PUBLISH_TIMEOUT", "2s", "NATS_PUBLISH_ATTEMPTS", "1")));
  }
}
