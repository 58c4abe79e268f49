package dev.natsaga.sample.booking;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The payment service's commands and replies as the booking saga sees them: the wire contract (types and JSON
 * fields), owned here rather than shared as a jar, because the two services only meet on NATS.
 */
final class PaymentContract {

  static final String AUTHORIZE = "payment.transaction.authorize.v1";
  static final String CAPTURE = "payment.transaction.capture.v1";
  static final String VOID = "payment.transaction.void.v1";
  static final String REFUND = "payment.transaction.refund.v1";
  static final String AUTHORIZED = "payment.transaction.authorized.v1";
  static final String DECLINED = "payment.transaction.declined.v1";
  static final String CAPTURED = "payment.transaction.captured.v1";
  static final String VOIDED = "payment.transaction.voided.v1";
  static final String REFUNDED = "payment.transaction.refunded.v1";

  private PaymentContract() {
  }

  /**
   * {@code payment.transaction.authorize.v1}; {@code card} is optional (absent from the JSON when null) and travels
   * encrypted ({@link #ENCRYPTED_FIELDS}).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Authorize(String bookingId, String customerId, long amount, String currency, Card card) {
  }

  /** The fields of the authorize command that travel encrypted (AES-256-GCM, the security module's field encryption). */
  static final String[] ENCRYPTED_FIELDS = {"/card"};

  /**
   * A payment card: {@code number} digits only (12-19, Luhn-valid), {@code holder} as printed, {@code expiry} as
   * {@code MM/YY}. Its {@link #toString()} shows the masked number only, so it cannot end up in a log line by accident.
   */
  record Card(String number, String holder, String expiry) {

    /** The number as the services show it: {@code **** 4242}. */
    String masked() {
      return "**** " + number.substring(number.length() - 4);
    }

    @Override
    public String toString() {
      return "Card[" + masked() + "]";
    }
  }

  /** {@code payment.transaction.capture.v1}. */
  record Capture(String bookingId) {
  }

  /** {@code payment.transaction.void.v1} and {@code refund.v1}: release whatever the booking's payment holds or took. */
  record Release(String bookingId, long amount, String currency, String reason) {
  }

  /** {@code payment.transaction.authorized.v1} and {@code captured.v1}. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Authorized(String bookingId, String paymentId, Long amount, String currency) {
  }
}
