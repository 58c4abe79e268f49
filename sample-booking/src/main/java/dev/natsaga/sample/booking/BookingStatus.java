package dev.natsaga.sample.booking;

/** A booking's status as the API reports it. */
public enum BookingStatus {
  /** The saga is still running (or compensating). */
  PENDING,
  /** The slot is held and the payment captured. */
  CONFIRMED,
  /** The saga failed and was compensated: no slot held, no payment held or taken; {@code reason} says why. */
  CANCELLED
}
