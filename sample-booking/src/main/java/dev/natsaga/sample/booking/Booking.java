package dev.natsaga.sample.booking;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One row of the {@code booking} table.
 *
 * @param bookingId  the booking id
 * @param sagaId     its saga, null until the saga is started
 * @param customerId who books
 * @param serviceId  what is booked
 * @param slotId     the slot (one live booking per slot)
 * @param startTime  start
 * @param endTime    end (after start)
 * @param amount     price in minor units
 * @param currency   ISO 4217 code
 * @param status     the stored status (CONFIRMED may be set by the confirm step before the saga completes)
 * @param reason     why it was cancelled, else null
 * @param createdAt  when it was requested
 * @param updatedAt  last change
 * @param settledAt  when the saga's outcome was recorded (and its event written); null while the saga runs
 */
record Booking(String bookingId, UUID sagaId, String customerId, String serviceId, String slotId, OffsetDateTime startTime,
               OffsetDateTime endTime, long amount, String currency, BookingStatus status, String reason, Instant createdAt,
               Instant updatedAt, Instant settledAt) {

  /** The same booking with its saga. */
  Booking withSagaId(UUID saga) {
    return new Booking(bookingId, saga, customerId, serviceId, slotId, startTime, endTime, amount, currency, status, reason,
        createdAt, updatedAt, settledAt);
  }

  /** The status the API reports: the stored one once the outcome is settled, PENDING before. */
  BookingStatus reportedStatus() {
    return settledAt == null ? BookingStatus.PENDING : status;
  }
}
