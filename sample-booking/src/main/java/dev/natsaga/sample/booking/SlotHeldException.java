package dev.natsaga.sample.booking;

/** The slot is held by another live booking: fails the reserve-slot step, so the saga cancels the booking. */
final class SlotHeldException extends Exception {

  private static final long serialVersionUID = 1L;

  SlotHeldException(String message) {
    super(message);
  }
}
