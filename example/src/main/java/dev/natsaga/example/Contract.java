package dev.natsaga.example;

/**
 * The messages between orders and payments: command types are imperative, reply types past tense, both
 * {@code {domain}.{entity}.{action}.v{N}}. The payloads are plain records, bound from and to JSON.
 */
public final class Contract {

  public static final String CHARGE = "payments.payment.charge.v1";
  public static final String CHARGED = "payments.payment.charged.v1";
  public static final String DECLINED = "payments.payment.declined.v1";
  public static final String REFUND = "payments.payment.refund.v1";
  public static final String REFUNDED = "payments.payment.refunded.v1";

  private Contract() {
  }

  /** Charge {@code amount} (minor units) for an order. */
  public record Charge(String orderId, long amount) {
  }

  /** The charge went through. */
  public record Charged(String paymentId) {
  }

  /** The charge was refused; the saga compensates. */
  public record Declined(String reason) {
  }

  /** Give a charged payment back (the charge step's compensation). */
  public record Refund(String paymentId, String orderId) {
  }

  /** The payment was refunded. */
  public record Refunded(String paymentId) {
  }
}
