package dev.natsaga.sample.booking;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.OffsetDateTime;

/**
 * The booking saga's state, stored as JSON with the saga instance.
 *
 * @param bookingId  the booking
 * @param customerId who books
 * @param serviceId  what is booked
 * @param slotId     the slot
 * @param startTime  start
 * @param endTime    end
 * @param amount     price in minor units
 * @param currency   ISO 4217 code
 * @param paymentId  the payment's id once authorized, else null
 * @param captured   whether the payment was captured
 * @param card       the payment card given with the booking, until the payment is authorized (then null: the booking
 *                   keeps no card detail); absent from the JSON when null, so states without one read as before
 */
public record BookingState(String bookingId, String customerId, String serviceId, String slotId, OffsetDateTime startTime,
                           OffsetDateTime endTime, long amount, String currency, String paymentId, boolean captured,
                           @JsonInclude(JsonInclude.Include.NON_NULL) PaymentContract.Card card) {

  static BookingState of(Booking b) {
    return of(b, null);
  }

  static BookingState of(Booking b, PaymentContract.Card card) {
    return new BookingState(b.bookingId(), b.customerId(), b.serviceId(), b.slotId(), b.startTime(), b.endTime(), b.amount(),
        b.currency(), null, false, card);
  }

  /** The state once authorized: with the payment id, and without the card (the payment service holds it now). */
  BookingState withPayment(PaymentContract.Authorized authorized) {
    return new BookingState(bookingId, customerId, serviceId, slotId, startTime, endTime, amount, currency,
        authorized.paymentId(), captured, null);
  }

  /** The same state without the card. */
  BookingState withoutCard() {
    return card == null ? this : new BookingState(bookingId, customerId, serviceId, slotId, startTime, endTime, amount,
        currency, paymentId, captured, null);
  }

  BookingState withCapture(PaymentContract.Authorized capturedPayment) {
    return new BookingState(bookingId, customerId, serviceId, slotId, startTime, endTime, amount, currency,
        capturedPayment.paymentId() != null ? capturedPayment.paymentId() : paymentId, true, card);
  }
}
