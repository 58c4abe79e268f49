package dev.natsaga.sample.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.natsaga.framework.Json;
import dev.natsaga.sample.payment.PaymentApplication;
import dev.natsaga.test.nats.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Who booked travels with the booking saga: {@code POST /bookings} with the trusted gateway's {@code X-Forwarded-User}
 * starts a saga as {@code authtype=user}, {@code authid=<user>}; the booking service is restarted while the payment
 * service is down, the restarted one retries the authorization and, once the payment service is back, captures; every
 * command, every reply of the real payment service and the {@code booking.appointment.confirmed.v1} outcome carry the
 * same actor. Without the header the saga runs as {@code unauthenticated}; a bad header value is a 400 naming it.
 */
class BookingActorEndToEndTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  private static final String ENV = "actortest";
  private static final List<String> CARRYING = List.of("payment.transaction.authorize.v1",
      "payment.transaction.authorized.v1", "payment.transaction.capture.v1", "payment.transaction.captured.v1",
      "booking.appointment.confirmed.v1");

  private final List<Message> seen = new CopyOnWriteArrayList<>();

  @Test
  void theGatewaysUserIsOnEveryCommandReplyAndOutcomeAlsoAfterARestart() throws Exception {
    Path dir = Files.createTempDirectory("booking-actor-test-");
    Map<String, String> common = Map.of("NATS_URL", NATS.url(), "APP_ENV", ENV, "HTTP_PORT", "0");
    Map<String, String> bookingSettings = new HashMap<>(common);
    bookingSettings.putAll(Map.of("BOOKING_DB_URL", "jdbc:h2:file:" + dir.resolve("booking"), "BOOKING_PAYMENT_TIMEOUT", "1s",
        "BOOKING_PAYMENT_ATTEMPTS", "20", "SAGA_DEADLINE_INTERVAL", "100ms"));
    Map<String, String> paymentSettings = new HashMap<>(common);
    paymentSettings.put("PAYMENT_DB_URL", "jdbc:h2:file:" + dir.resolve("payment"));
    try (Connection watcher = Nats.connect(NATS.url())) {
      watcher.createDispatcher(seen::add).subscribe(ENV + ".>");
      String bookingId;
      String sagaId;
      try (BookingApplication booking = BookingApplication.start(bookingSettings)) {
        String url = "http://127.0.0.1:" + booking.httpPort();
        Http.Response created = Http.post(url + "/bookings", Bookings.body(Bookings.slot(), 4_500),
            Map.of(GatewayUser.HEADER, "alice@example.com"));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(202);
        bookingId = created.text("bookingId");
        sagaId = created.text("sagaId");
        await().atMost(Duration.ofSeconds(10)).until(() -> messages("payment.transaction.authorize.v1").size() == 1);
      }
      try (BookingApplication booking = BookingApplication.start(bookingSettings)) {
        Bookings bookings = new Bookings("http://127.0.0.1:" + booking.httpPort());
        await().atMost(Duration.ofSeconds(15)).until(() -> messages("payment.transaction.authorize.v1").size() >= 2);
        try (PaymentApplication payment = PaymentApplication.start(paymentSettings)) {
          assertThat(bookings.outcome(bookingId, Duration.ofSeconds(30)).text("status")).isEqualTo("CONFIRMED");
          await().atMost(Duration.ofSeconds(10)).until(() -> !messages("booking.appointment.confirmed.v1").isEmpty());
        }
        Http.Response saga = bookings.saga(sagaId);
        assertThat(saga.text("authtype")).isEqualTo("user");
        assertThat(saga.text("authid")).isEqualTo("alice@example.com");
      }
    }
    for (String type : CARRYING) {
      assertThat(messages(type)).as(type).isNotEmpty().allSatisfy(m -> {
        assertThat(attribute(m, "authtype")).as("authtype of %s", type).isEqualTo("user");
        assertThat(attribute(m, "authid")).as("authid of %s", type).isEqualTo("alice@example.com");
      });
    }
  }

  @Test
  void withoutTheHeaderTheSagaIsUnauthenticatedAndABadValueIsRefused() throws Exception {
    Path dir = Files.createTempDirectory("booking-actor-test-");
    Map<String, String> settings = Map.of("NATS_URL", NATS.url(), "APP_ENV", ENV + "anon", "HTTP_PORT", "0",
        "BOOKING_DB_URL", "jdbc:h2:file:" + dir.resolve("booking"));
    try (BookingApplication booking = BookingApplication.start(settings)) {
      String url = "http://127.0.0.1:" + booking.httpPort();
      Http.Response anonymous = new Bookings(url).book(Bookings.slot(), 4_500);
      Http.Response saga = Http.get(url + "/sagas/" + anonymous.text("sagaId"));
      assertThat(saga.text("authtype")).isEqualTo("unauthenticated");
      assertThat(saga.body().get("authid").isNull()).isTrue();

      for (String bad : List.of("", "alice smith", "a".repeat(201))) {
        Http.Response refused = Http.post(url + "/bookings", Bookings.body(Bookings.slot(), 4_500),
            Map.of(GatewayUser.HEADER, bad));
        assertThat(refused.status()).as("'%s'", bad).isEqualTo(400);
        assertThat(refused.body().toString()).contains(GatewayUser.HEADER);
      }
    }
  }

  private List<Message> messages(String type) {
    return seen.stream().filter(m -> m.getSubject().equals(ENV + "." + type)).toList();
  }

  /** A CloudEvents attribute in structured (JSON body) or binary ({@code ce-} header) mode. */
  private static String attribute(Message m, String name) {
    String contentType = m.getHeaders() == null ? null : m.getHeaders().getFirst("Content-Type");
    if (contentType != null && contentType.startsWith("application/cloudevents")) {
      try {
        JsonNode body = Json.mapper().readTree(m.getData());
        return body.path(name).isMissingNode() ? null : body.path(name).asText();
      } catch (java.io.IOException e) {
        throw new AssertionError("unreadable CloudEvent on " + m.getSubject(), e);
      }
    }
    return m.getHeaders() == null ? null : m.getHeaders().getFirst("ce-" + name);
  }
}
