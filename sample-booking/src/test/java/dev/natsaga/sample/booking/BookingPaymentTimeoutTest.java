package dev.natsaga.sample.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.natsaga.sample.payment.PaymentApplication;
import dev.natsaga.test.nats.NatsServerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The payment service is down while a booking runs: every authorize attempt times out, and the saga compensates,
 * starting with the timed-out step itself (the payment may have been authorized with every reply lost): its void is
 * retried until the payment service is back. Then the payment service finds the authorize commands and the void in the
 * stream, handles them in whatever order, and ends with nothing held (VOIDED); the booking is cancelled and its slot
 * released.
 */
class BookingPaymentTimeoutTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  private static final String ENV = "timeouttest";

  @Test
  void aTimedOutAuthorizationIsVoidedOnceThePaymentServiceReturnsAndTheBookingCancelled() throws Exception {
    Path dir = Files.createTempDirectory("booking-timeout-test-");
    Map<String, String> common = Map.of("NATS_URL", NATS.url(), "APP_ENV", ENV, "HTTP_PORT", "0");
    Map<String, String> bookingSettings = new java.util.HashMap<>(common);
    bookingSettings.putAll(Map.of("BOOKING_DB_URL", "jdbc:h2:file:" + dir.resolve("booking"), "BOOKING_PAYMENT_TIMEOUT", "1s",
        "BOOKING_PAYMENT_ATTEMPTS", "2", "SAGA_DEADLINE_INTERVAL", "100ms"));
    try (BookingApplication booking = BookingApplication.start(bookingSettings)) {
      Bookings bookings = new Bookings("http://127.0.0.1:" + booking.httpPort());
      String slot = Bookings.slot();
      Http.Response created = bookings.book(slot, 1_000);
      String bookingId = created.text("bookingId");
      String sagaId = created.text("sagaId");

      await().atMost(Duration.ofSeconds(20)).until(() -> steps(bookings.saga(sagaId)),
          steps -> steps.contains("authorize-payment COMPENSATE TIMED_OUT"));
      Http.Response waiting = Http.get("http://127.0.0.1:" + booking.httpPort() + "/bookings/" + bookingId);
      assertThat(waiting.text("status")).as("not cancelled while the void is unanswered").isEqualTo("PENDING");
      assertThat(waiting.text("sagaStatus")).isEqualTo("COMPENSATING");
      assertThat(waiting.text("reason")).contains("timed out after 2 attempts");

      Map<String, String> paymentSettings = new java.util.HashMap<>(common);
      paymentSettings.put("PAYMENT_DB_URL", "jdbc:h2:file:" + dir.resolve("payment"));
      try (PaymentApplication payment = PaymentApplication.start(paymentSettings)) {
        Http.Response outcome = bookings.outcome(bookingId, Duration.ofSeconds(30));
        assertThat(outcome.text("status")).isEqualTo("CANCELLED");
        assertThat(outcome.text("reason")).startsWith("the payment service did not answer");
        List<String> steps = steps(bookings.saga(sagaId));
        assertThat(steps).startsWith("reserve-slot EXECUTE SUCCEEDED", "authorize-payment EXECUTE TIMED_OUT",
            "authorize-payment EXECUTE TIMED_OUT").contains("authorize-payment COMPENSATE SUCCEEDED")
            .endsWith("reserve-slot COMPENSATE SUCCEEDED");

        String paymentUrl = "http://127.0.0.1:" + payment.httpPort() + "/payments/" + bookingId;
        await().atMost(Duration.ofSeconds(20)).until(() -> Http.get(paymentUrl), r -> r.status() == 200 && "VOIDED".equals(r.text("status")));
        Thread.sleep(1_500);
        assertThat(Http.get(paymentUrl).text("status")).as("nothing held once every command was handled").isEqualTo("VOIDED");

        Http.Response again = bookings.book(slot, 1_000);
        assertThat(bookings.outcome(again.text("bookingId"), Duration.ofSeconds(20)).text("status"))
            .as("the slot was released").isEqualTo("CONFIRMED");
      }
    }
  }

  private static List<String> steps(Http.Response saga) {
    List<String> steps = new ArrayList<>();
    saga.body().get("steps").forEach(s -> {
      if (s.get("attempt").asInt() > 0) {
        steps.add(s.get("step").asText() + " " + s.get("phase").asText() + " " + s.get("outcome").asText());
      }
    });
    return steps;
  }
}
