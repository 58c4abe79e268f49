package dev.natsaga.reliability;

import java.time.Instant;

/**
 * One booking the run asked for, what {@code POST /bookings} answered, and what the run found afterwards.
 * Written by the load threads, then by the checks; fields are volatile because different threads write them.
 */
final class BookingRecord {

  /** What the run meant the booking to be. */
  enum Kind {
    /** a free slot and an amount the payment service accepts: expected CONFIRMED */
    CONFIRM,
    /** an amount above PAYMENT_DECLINE_ABOVE: must end CANCELLED */
    DECLINE,
    /** a slot an earlier booking of the run holds: CANCELLED while that one stays confirmed */
    CONFLICT,
    /** at the end, a slot whose bookings were all cancelled, booked again: proves the slot was freed */
    REBOOK
  }

  final int seq;
  final Kind kind;
  final String slotId;
  final long amount;
  volatile Instant submittedAt;
  volatile int httpStatus;
  volatile String httpError;
  volatile String bookingId;
  volatile String sagaId;
  volatile String status;
  volatile String reason;
  volatile Instant settledAt;

  BookingRecord(int seq, Kind kind, String slotId, long amount) {
    this.seq = seq;
    this.kind = kind;
    this.slotId = slotId;
    this.amount = amount;
  }

  boolean accepted() {
    return httpStatus == 202 && bookingId != null;
  }

  boolean settled() {
    return "CONFIRMED".equals(status) || "CANCELLED".equals(status);
  }

  @Override
  public String toString() {
    return "booking #" + seq + " " + kind + " " + (bookingId == null ? "(no id)" : bookingId) + " slot " + slotId + " amount " + amount
        + " -> " + status + (reason == null ? "" : " (" + reason + ")");
  }
}
