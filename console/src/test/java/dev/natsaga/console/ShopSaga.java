package dev.natsaga.console;

import dev.natsaga.saga.Command;
import dev.natsaga.saga.Retry;
import dev.natsaga.saga.Saga;
import dev.natsaga.saga.SagaDefinition;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The saga the console tests run: reserve-stock (local; its compensation fails while {@link #releaseBroken} is set,
 * which parks the saga as COMPENSATION_FAILED after two attempts) then charge-card (remote, refund as compensation).
 */
final class ShopSaga {

  static final String TYPE = "shop.order";
  static final String CHARGE = "payment.card.charge.v1";
  static final String CHARGED = "payment.card.charged.v1";
  static final String DECLINED = "payment.card.declined.v1";
  static final String REFUND = "payment.card.refund.v1";
  static final String REFUNDED = "payment.card.refunded.v1";

  /** The state; {@code note} is free text a customer typed (the tests put markup in it). */
  record Order(String orderId, long amount, String note, String chargeId) {
    Order charged(Charged c) {
      return new Order(orderId, amount, note, c.chargeId());
    }
  }

  record Charge(String orderId, long amount) { }

  record Charged(String chargeId) { }

  record Refund(String orderId) { }

  final AtomicBoolean releaseBroken = new AtomicBoolean();

  private final SagaDefinition<Order> definition = define();

  SagaDefinition<Order> definition() {
    return definition;
  }

  private SagaDefinition<Order> define() {
    return Saga.define(TYPE, Order.class)
        .step("reserve-stock")
          .localRun(ctx -> { })
          .compensate(ctx -> {
            if (releaseBroken.get()) {
              throw new IllegalStateException("stock service down");
            }
          })
          .compensationRetry(Retry.fixed(2, Duration.ofMillis(100)))
        .step("charge-card")
          .send(o -> Command.of(CHARGE, new Charge(o.orderId(), o.amount())).withSubject(o.orderId()))
          .onReply(CHARGED, Charged.class, Order::charged)
          .failOn(DECLINED)
          .timeout(Duration.ofMinutes(5))
          .compensateWith(o -> Command.of(REFUND, new Refund(o.orderId())).withSubject(o.orderId()))
            .confirmedBy(REFUNDED)
        .build();
  }
}
