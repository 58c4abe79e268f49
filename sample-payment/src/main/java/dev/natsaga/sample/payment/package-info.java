/**
 * The payment sample: a saga participant that authorizes, captures, voids and refunds payments in its own
 * database and answers the booking saga over NATS, plus {@code GET /payments/{bookingId}} and {@code GET /health}.
 *
 * <pre>{@code
 * java -jar sample-payment/target/natsaga-sample-payment.jar     # NATS_URL, APP_ENV, HTTP_PORT, PAYMENT_DB_URL, ...
 * }</pre>
 *
 * <p>Commands and replies (type, then payload):
 * <ul>
 *   <li>{@code payment.transaction.authorize.v1} {@code {bookingId, customerId, amount, currency}} →
 *       {@code authorized.v1 {bookingId, paymentId, amount, currency}} or {@code declined.v1 {bookingId, reason}}</li>
 *   <li>{@code capture.v1 {bookingId}} → {@code captured.v1 {bookingId, paymentId, amount, currency}} or {@code declined.v1}</li>
 *   <li>{@code void.v1 {bookingId, amount, currency, reason}} → {@code voided.v1 {bookingId, status}} (always)</li>
 *   <li>{@code refund.v1 {bookingId, amount, currency, reason}} → {@code refunded.v1 {bookingId, status}} (always)</li>
 * </ul>
 */
package dev.natsaga.sample.payment;
