package dev.natsaga.sample.payment;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.natsaga.security.classification.PiiGuard;
import dev.natsaga.security.classification.Sensitive;
import dev.natsaga.security.classification.Sensitivity;

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

  /** {@code payment.transaction.authorize.v1}: hold {@code amount} for the booking. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Authorize(String bookingId, @Sensitive(level = Sensitivity.CONFIDENTIAL, pii = true) String customerId,
      @Sensitive(level = Sensitivity.CONFIDENTIAL) Long amount, String currency) {
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

  /** The classification of every payment command and reply, for the {@link PiiGuard} of the payment service. */
  static PiiGuard classification() {
    return PiiGuard.builder()
        .classify(AUTHORIZE, Authorize.class).classify(CAPTURE, Capture.class).classify(VOID, VoidPayment.class)
        .classify(REFUND, Refund.class).classify(AUTHORIZED, Authorized.class).classify(CAPTURED, Authorized.class)
        .classify(DECLINED, Declined.class).classify(VOIDED, Released.class).classify(REFUNDED, Released.class)
        .build();
  }
}
