package dev.natsaga.sample.payment;

/** Where a booking's payment stands; one row per booking in the {@code payment} table. */
public enum PaymentStatus {
  /** The amount is held on the customer's account. */
  AUTHORIZED,
  /** The held amount was taken. */
  CAPTURED,
  /** The hold was released (or a void arrived before any authorization: nothing will be held). */
  VOIDED,
  /** A captured amount was given back. */
  REFUNDED,
  /** The authorization was refused; nothing is held. */
  DECLINED
}
