package dev.natsaga.sample.booking;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's three bookings ({@code ./demo.sh}, issue 4) against running services, with their outcomes asserted: a
 * booking confirmed with its payment CAPTURED; one declined by payment, CANCELLED with the payment DECLINED and its
 * slot free again (a new booking of the slot confirms); one for an already-held slot, CANCELLED with no payment at
 * all. All bookings are posted before any outcome is awaited, so the sagas run concurrently.
 */
final class DemoBookings {

  /** Within the payment service's decline limit ({@code PAYMENT_DECLINE_ABOVE}, default 100000). */
  static final long ACCEPTED = 4_500;
  /** Above the decline limit. */
  static final long DECLINED = 250_000;

  private DemoBookings() {
  }

  /** Runs the three bookings and asserts their outcomes; {@code outcome} is how long each may take. */
  static void run(SampleServices services, Duration outcome) throws Exception {
    Bookings bookings = services.bookings;
    String declinedSlot = Bookings.slot();
    String heldSlot = Bookings.slot();
    Http.Response confirmed = bookings.book(Bookings.slot(), ACCEPTED);
    Http.Response declined = bookings.book(declinedSlot, DECLINED);
    Http.Response holder = bookings.book(heldSlot, 3_000);
    Http.Response held = bookings.book(heldSlot, 3_000);

    // 1. confirmed, payment captured
    Http.Response c = bookings.outcome(confirmed.text("bookingId"), outcome);
    assertThat(c.text("status")).as(c.body().toString()).isEqualTo("CONFIRMED");
    assertThat(c.text("sagaStatus")).isEqualTo("COMPLETED");
    assertThat(c.text("reason")).isNull();
    Http.Response cp = services.payment(confirmed.text("bookingId"));
    assertThat(cp.status()).isEqualTo(200);
    assertThat(cp.text("status")).isEqualTo("CAPTURED");
    assertThat(cp.body().get("amount").asLong()).isEqualTo(ACCEPTED);
    assertThat(steps(bookings.saga(confirmed.text("sagaId")))).containsExactly("reserve-slot EXECUTE SUCCEEDED",
        "authorize-payment EXECUTE SUCCEEDED", "confirm-booking EXECUTE SUCCEEDED", "capture-payment EXECUTE SUCCEEDED");

    // 2. declined by payment: cancelled, payment declined, slot free again
    Http.Response d = bookings.outcome(declined.text("bookingId"), outcome);
    assertThat(d.text("status")).as(d.body().toString()).isEqualTo("CANCELLED");
    assertThat(d.text("sagaStatus")).isEqualTo("COMPENSATED");
    assertThat(d.text("reason")).contains("payment declined");
    assertThat(services.payment(declined.text("bookingId")).text("status")).isEqualTo("DECLINED");
    assertThat(steps(bookings.saga(declined.text("sagaId")))).containsExactly("reserve-slot EXECUTE SUCCEEDED",
        "authorize-payment EXECUTE FAILED", "reserve-slot COMPENSATE SUCCEEDED");
    Http.Response again = bookings.book(declinedSlot, ACCEPTED);
    assertThat(bookings.outcome(again.text("bookingId"), outcome).text("status")).as("the declined booking's slot is free")
        .isEqualTo("CONFIRMED");
    assertThat(services.payment(again.text("bookingId")).text("status")).isEqualTo("CAPTURED");

    // 3. an already-held slot: cancelled before any payment
    Http.Response h = bookings.outcome(held.text("bookingId"), outcome);
    assertThat(h.text("status")).as(h.body().toString()).isEqualTo("CANCELLED");
    assertThat(h.text("reason")).isEqualTo("slot '" + heldSlot + "' is already held by booking " + holder.text("bookingId"));
    assertThat(steps(bookings.saga(held.text("sagaId")))).containsExactly("reserve-slot EXECUTE FAILED");
    assertThat(bookings.outcome(holder.text("bookingId"), outcome).text("status")).isEqualTo("CONFIRMED");
    assertThat(services.payment(held.text("bookingId")).status()).as("no payment at all for the held slot's booking").isEqualTo(404);
  }

  /** {@code "<step> <phase> <outcome>"} of a saga's step log, in order. */
  static List<String> steps(Http.Response saga) {
    assertThat(saga.status()).isEqualTo(200);
    List<String> steps = new ArrayList<>();
    saga.body().get("steps").forEach(s -> steps.add(s.get("step").asText() + " " + s.get("phase").asText() + " " + s.get("outcome").asText()));
    return steps;
  }
}
