/**
 * The smallest complete natsaga pair, to copy: {@link dev.natsaga.example.OrdersService} runs the three-step
 * {@link dev.natsaga.example.OrderSaga} (create the order locally, charge the payment at the payments service,
 * approve the order) and {@link dev.natsaga.example.PaymentsService} answers the charge and refund commands as a
 * saga participant. Each service has its own H2 database and its own Flyway migrations ({@code db/orders},
 * {@code db/payments}) for the tables its steps write. {@link dev.natsaga.example.ExampleMain} runs both against
 * {@code NATS_URL} and prints each saga's timeline.
 */
package dev.natsaga.example;
