package dev.natsaga.sample.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;

/** Booking requests and waiting for outcomes, against a booking service's base URL. */
final class Bookings {

  private final String baseUrl;

  Bookings(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  static String slot() {
    return "chair-" + UUID.randomUUID() + "@2026-12-01T10:00";
  }

  static String body(String slotId, long amount) {
    return """
        {"customerId":"c-1","serviceId":"haircut","slotId":"%s","startTime":"2026-12-01T10:00:00Z",\
        "endTime":"2026-12-01T10:30:00Z","amount":%d,"currency":"EUR"}""".formatted(slotId, amount);
  }

  /** A booking body with a payment card {@code {"number","holder","expiry"}}. */
  static String bodyWithCard(String slotId, long amount, String number, String holder, String expiry) {
    return body(slotId, amount).replaceFirst("}$", """
        ,"card":{"number":"%s","holder":"%s","expiry":"%s"}}""".formatted(number, holder, expiry));
  }

  /** Posts a booking, asserts 202 PENDING and returns the response. */
  Http.Response book(String slotId, long amount) throws Exception {
    return accepted(Http.post(baseUrl + "/bookings", body(slotId, amount)));
  }

  /** Posts a booking paid with a card, asserts 202 PENDING and returns the response. */
  Http.Response bookWithCard(String slotId, long amount, String number, String holder, String expiry) throws Exception {
    return accepted(Http.post(baseUrl + "/bookings", bodyWithCard(slotId, amount, number, holder, expiry)));
  }

  private static Http.Response accepted(Http.Response r) {
    assertThat(r.status()).as(r.body().toString()).isEqualTo(202);
    assertThat(r.text("status")).isEqualTo("PENDING");
    assertThat(r.text("bookingId")).isNotBlank();
    assertThat(UUID.fromString(r.text("sagaId"))).isNotNull();
    return r;
  }

  /** Waits until the booking is no longer PENDING and returns it. */
  Http.Response outcome(String bookingId, Duration timeout) {
    return await().atMost(timeout).pollInterval(Duration.ofMillis(100))
        .until(() -> Http.get(baseUrl + "/bookings/" + bookingId), r -> r.status() == 200 && !"PENDING".equals(r.text("status")));
  }

  Http.Response saga(String sagaId) throws Exception {
    return Http.get(baseUrl + "/sagas/" + sagaId);
  }
}
