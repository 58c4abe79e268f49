package dev.natsaga.security.classification;

/** A classified test payload: the card number and holder are personal data. */
record Charge(String chargeId, Card card, @Sensitive(level = Sensitivity.INTERNAL) long amount) {

  /** The card. */
  record Card(@Sensitive(level = Sensitivity.RESTRICTED, pii = true) String number,
      @Sensitive(level = Sensitivity.CONFIDENTIAL, pii = true) String holder, String brand) {
  }
}
