package dev.natsaga.sample.payment;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.natsaga.security.EncryptionRules;
import dev.natsaga.security.EncryptionStage;
import dev.natsaga.security.classification.PiiGuard;
import dev.natsaga.security.classification.Sensitive;
import dev.natsaga.security.classification.Sensitivity;
import dev.natsaga.security.crypto.Keyring;

/**
 * The payloads of the payment commands and replies: the wire contract with the booking saga. Fields are boxed so a
 * missing one binds as null and is answered with a reply that says so, instead of a dead letter. The payment data is
 * classified ({@link Sensitive}): the customer id is personal data (masked in the framework's logs and dead-letter
 * errors), amounts are confidential; every event the service publishes carries its {@code sensitivity}.
 */
final class PaymentMessages {

  static final String AUTHORIZE = "payment.transaction.authorize.v1";
  static final String CAPTURE = "payment.transaction.capture.v1";
  static final String VOID = "payment.transaction.void.v1";
  static final String REFUND = "payment.transaction.refund.v1";
  static final String AUTHORIZED = "payment.transaction.authorized.v1";
  static final String DECLINED = "payment.transaction.declined.v1";
  static final String CAPTURED = "payment.transaction.captured.v1";
  static final String VOIDED = "payment.transaction.voided.v1";
  static final String REFUNDED = "payment.transaction.refunded.v1";

  private PaymentMessages() {
  }

  /**
   * {@code payment.transaction.authorize.v1}: hold {@code amount} for the booking, optionally on a {@code card}, which
   * travels encrypted ({@link #ENCRYPTED_FIELDS}) and is decrypted by this service's payload stage before binding.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Authorize(String bookingId, @Sensitive(level = Sensitivity.CONFIDENTIAL, pii = true) String customerId,
      @Sensitive(level = Sensitivity.CONFIDENTIAL) Long amount, String currency, Card card) {
  }

  /** The fields of the authorize command that travel encrypted (AES-256-GCM, the security module's field encryption). */
  static final String[] ENCRYPTED_FIELDS = {"/card"};

  /**
   * The payment card of an authorization. Never logged or stored: the service keeps {@link #masked()} only, and
   * {@link #toString()} shows just that; the framework masks these values in its own logs and dead-letter errors.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Card(@Sensitive(level = Sensitivity.RESTRICTED, pii = true) String number,
      @Sensitive(level = Sensitivity.CONFIDENTIAL, pii = true) String holder,
      @Sensitive(level = Sensitivity.CONFIDENTIAL) String expiry) {

    /** The number as the service stores and shows it: {@code **** 4242}. */
    String masked() {
      return "**** " + number.substring(number.length() - 4);
    }

    /** Why the card cannot be charged (never quoting it), or null. */
    String invalid() {
      if (number == null || !number.matches("[0-9]{12,19}")) {
        return "field 'card.number' must be 12 to 19 digits";
      }
      if (holder == null || holder.isBlank()) {
        return "field 'card.holder' is required";
      }
      if (expiry == null || !expiry.matches("(0[1-9]|1[0-2])/[0-9]{2}")) {
        return "field 'card.expiry' must be MM/YY";
      }
      return null;
    }

    @Override
    public String toString() {
      return number != null && number.length() >= 4 ? "Card[" + masked() + "]" : "Card[invalid]";
    }
  }

  /** {@code payment.transaction.capture.v1}: take the held amount. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Capture(String bookingId) {
  }

  /** {@code payment.transaction.void.v1}: release whatever is held for the booking (amount for the record). */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record VoidPayment(String bookingId, @Sensitive(level = Sensitivity.CONFIDENTIAL) Long amount, String currency, String reason) {
  }

  /** {@code payment.transaction.refund.v1}: give back what was taken for the booking. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Refund(String bookingId, @Sensitive(level = Sensitivity.CONFIDENTIAL) Long amount, String currency, String reason) {
  }

  /** {@code payment.transaction.authorized.v1} and {@code captured.v1}. */
  record Authorized(String bookingId, String paymentId, @Sensitive(level = Sensitivity.CONFIDENTIAL) long amount, String currency) {
  }

  /** {@code payment.transaction.declined.v1}: the authorization or capture was refused. */
  record Declined(String bookingId, String reason) {
  }

  /** {@code payment.transaction.voided.v1} and {@code refunded.v1}: the payment's status afterwards (null when none). */
  record Released(String bookingId, String status) {
  }

  /**
   * The classification of every payment command and reply, for the {@link PiiGuard} of the payment service, around the
   * decryption of the authorize command's card with {@code keyring}.
   */
  static PiiGuard classification(Keyring keyring) {
    EncryptionStage encryption = new EncryptionStage(keyring,
        EncryptionRules.builder().fields(AUTHORIZE, ENCRYPTED_FIELDS).build(), null);
    return PiiGuard.builder()
        .classify(AUTHORIZE, Authorize.class).classify(CAPTURE, Capture.class).classify(VOID, VoidPayment.class)
        .classify(REFUND, Refund.class).classify(AUTHORIZED, Authorized.class).classify(CAPTURED, Authorized.class)
        .classify(DECLINED, Declined.class).classify(VOIDED, Released.class).classify(REFUNDED, Released.class)
        .wrapping(encryption)
        .build();
  }
}
