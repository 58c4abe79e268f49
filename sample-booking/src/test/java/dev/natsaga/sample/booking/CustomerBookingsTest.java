package dev.natsaga.sample.booking;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.natsaga.sample.payment.PaymentApplication;
import dev.natsaga.test.nats.NatsServerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /customers/{customerId}/bookings}: the booking service (with the payment service, which confirms one booking
 * and declines the other) keeps the customer projection from its booking events, and rebuilds it from the stream with
 * the same result.
 */
class CustomerBookingsTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  @Test
  void theCustomersBookingsComeFromTheEventsAndRebuildFromTheStream() throws Exception {
    Path dir = Files.createTempDirectory("booking-customers-test-");
    Map<String, String> common = Map.of("NATS_URL", NATS.url(), "APP_ENV", "custtest", "HTTP_PORT", "0");
    Map<String, String> settings = new HashMap<>(common);
    settings.put("BOOKING_DB_URL", "jdbc:h2:file:" + dir.resolve("booking"));
    Map<String, String> paymentSettings = new HashMap<>(common);
    paymentSettings.put("PAYMENT_DB_URL", "jdbc:h2:file:" + dir.resolve("payment"));
    try (PaymentApplication payment = PaymentApplication.start(paymentSettings);
        BookingApplication booking = BookingApplication.start(settings)) {
      String base = "http://127.0.0.1:" + booking.httpPort();
      String first = Http.post(base + "/bookings", Bookings.body(Bookings.slot(), 4_500)).text("bookingId");
      String second = Http.post(base + "/bookings", Bookings.body(Bookings.slot(), 250_000)).text("bookingId");

      JsonNode listed = awaitBookings(base + "/customers/c-1/bookings", 2);
      Map<String, String> statuses = new HashMap<>();
      listed.forEach(b -> statuses.put(b.get("bookingId").asText(), b.get("status").asText()));
      assertThat(statuses).isEqualTo(Map.of(first, "CONFIRMED", second, "CANCELLED"));
      listed.forEach(b -> {
        if (b.get("bookingId").asText().equals(second)) {
          assertThat(b.get("reason").asText()).startsWith("payment declined");
        }
      });
      assertThat(Http.get(base + "/customers/nobody/bookings").body().get("bookings")).isEmpty();

      assertThat(Http.post(base + "/projections/customer-bookings/rebuild", "").status()).isEqualTo(202);
      JsonNode rebuilt = awaitBookings(base + "/customers/c-1/bookings", 2);
      assertThat(rebuilt).isEqualTo(listed);
    }
  }

  private static JsonNode awaitBookings(String url, int count) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    JsonNode body = null;
    while (System.nanoTime() < deadline) {
      body = Http.get(url).body();
      JsonNode lag = body.get("lag");
      if (body.get("bookings").size() == count && lag.get("checkpoint").asLong() >= lag.get("lastSequence").asLong()) {
        return body.get("bookings");
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the projection did not list " + count + " bookings in 60 s: " + body);
  }
}
