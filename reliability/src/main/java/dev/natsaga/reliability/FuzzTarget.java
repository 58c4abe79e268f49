package dev.natsaga.reliability;

/**
 * A subject a service consumes, with the durable consumer that reads it (found from the streams' consumers).
 *
 * @param subject  e.g. {@code rel.payment.transaction.authorize.v1}
 * @param type     the event type, e.g. {@code payment.transaction.authorize.v1}
 * @param stream   the stream that captures it
 * @param consumer the durable consumer's name (the dead letters' {@code Natsaga-Dlq-Consumer})
 */
record FuzzTarget(String subject, String type, String stream, String consumer) {

  /** Commands are imperative (the payment service's); the rest are replies the booking service consumes. */
  boolean isCommand() {
    return type.endsWith(".authorize.v1") || type.endsWith(".capture.v1") || type.endsWith(".void.v1") || type.endsWith(".refund.v1");
  }
}
