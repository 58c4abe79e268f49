package dev.natsaga.sample.payment;

import java.time.Instant;

/**
 * One row of the {@code payment} table.
 *
 * @param bookingId the booking paid for (primary key: one payment per booking)
 * @param paymentId the payment's own id
 * @param status    where it stands
 * @param amount    in minor units (cents)
 * @param currency  ISO 4217 code
 * @param reason    why it was declined or voided, else null
 * @param createdAt when the row was written
 * @param updatedAt when the status last changed
 * @param cardMasked the card paid with, masked ({@code **** 4242}); null when the booking came without one
 */
record Payment(String bookingId, String paymentId, PaymentStatus status, long amount, String currency, String reason,
               Instant createdAt, Instant updatedAt, String cardMasked) {

  Payment withStatus(PaymentStatus newStatus, String newReason, Instant at) {
    return new Payment(bookingId, paymentId, newStatus, amount, currency, newReason, createdAt, at, cardMasked);
  }
}
