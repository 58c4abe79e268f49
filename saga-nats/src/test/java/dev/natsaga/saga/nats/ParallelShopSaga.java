package dev.natsaga.saga.nats;

import dev.natsaga.saga.Command;
import dev.natsaga.saga.Retry;
import dev.natsaga.saga.Saga;
import dev.natsaga.saga.SagaDefinition;
import dev.natsaga.saga.nats.ShopSaga.Authorize;
import dev.natsaga.saga.nats.ShopSaga.Authorized;
import dev.natsaga.saga.nats.ShopSaga.Capture;
import dev.natsaga.saga.nats.ShopSaga.Captured;
import dev.natsaga.saga.nats.ShopSaga.Order;
import dev.natsaga.saga.nats.ShopSaga.VoidPayment;
import java.time.Duration;

/**
 * The shop saga with a parallel group, over the same payment participant: {@code reserve-stock} (local, compensated
 * locally), then the group {@code payment} with the branches {@code authorize-payment} (declined above
 * {@link PaymentParticipant#DECLINE_ABOVE}) and {@code capture-payment}, each undone by a void, then
 * {@code confirm-order} (local). A declined authorization makes the group wait for the capture, void it, and release
 * the stock.
 */
final class ParallelShopSaga {

  static final String NAME = "shop.parallel-order";

  private ParallelShopSaga() {
  }

  static SagaDefinition<Order> definition(Duration timeout, Retry retry) {
    return Saga.define(NAME, Order.class)
        .step("reserve-stock")
          .localRun(ctx -> ShopSaga.record(ctx, "reserve-stock"))
          .compensate(ctx -> ShopSaga.record(ctx, "reserve-stock:undo"))
        .parallel("payment")
          .branch("authorize-payment")
            .send(s -> Command.of(ShopSaga.AUTHORIZE, new Authorize(s.orderId(), s.amount())).withSubject(s.orderId()))
            .onReply(ShopSaga.AUTHORIZED, Authorized.class, Order::withPayment)
            .failOn(ShopSaga.DECLINED)
            .timeout(timeout).retry(retry)
            .compensateWith(s -> Command.of(ShopSaga.VOID, new VoidPayment(s.orderId())).withSubject(s.orderId()))
              .confirmedBy(ShopSaga.VOIDED)
          .branch("capture-payment")
            .send(s -> Command.of(ShopSaga.CAPTURE, new Capture(s.orderId())).withSubject(s.orderId()))
            .onReply(ShopSaga.CAPTURED, Captured.class, Order::withCapture)
            .timeout(timeout).retry(retry)
            .compensateWith(s -> Command.of(ShopSaga.VOID, new VoidPayment(s.orderId())).withSubject(s.orderId()))
              .confirmedBy(ShopSaga.VOIDED)
          .join()
        .step("confirm-order")
          .localRun(ctx -> ShopSaga.record(ctx, "confirm-order"))
        .build();
  }
}
