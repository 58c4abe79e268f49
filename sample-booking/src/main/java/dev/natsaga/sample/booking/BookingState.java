package dev.natsaga.sample.booking;

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
 */
public record BookingState(String bookingId, String customerId, String serviceId, String slotId, OffsetDateTime startTime,
                           OffsetDateTime endTime, long amount, String currency, String paymentId, boolean captured) {

  static BookingState of(Booking b) {
    return new BookingState(b.bookingId(), b.customerId(), b.serviceId(), b.slotId(), b.startTime(), b.endTime(), b.amount(),
        b.currency(), null, false);
  }

  BookingState withPayment(PaymentContract.Authorized authorized) {
    return new BookingState(bookingId, customerId, serviceId, slotId, startTime, endTime, amount, currency,
        authorized.paymentId(), captured);
  }

  BookingState withCapture(PaymentContract.Authorized capturedPayment) {
    return new BookingState(bookingId, customerId, serviceId, slotId, startTime, endTime, amount, currency,
        capturedPayment.paymentId() != null ? capturedPayment.paymentId() : paymentId, true);
  }
}
