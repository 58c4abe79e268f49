package dev.natsaga.security;

/** A test payload with a nested card. */
record Payment(String paymentId, Card card, long amount) {

  /** The card detail to protect. */
  record Card(String number, String holder) {
  }
}
