package dev.natsaga.example;

import dev.natsaga.example.Contract.Charge;
import dev.natsaga.example.Contract.Charged;
import dev.natsaga.example.Contract.Refund;
import dev.natsaga.saga.Command;
import dev.natsaga.saga.Saga;
import dev.natsaga.saga.SagaDefinition;
import dev.natsaga.saga.StepContext;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;

/**
 * The order saga, {@code orders.place} version 1, three steps:
 * <ol>
 *   <li>{@code create-order}, local: inserts the order as PENDING in the saga's own transaction; its compensation
 *       marks it CANCELLED ({@code compensate} takes a {@code LocalEffect}: it returns nothing, the state stays).</li>
 *   <li>{@code charge-payment}, remote: sends {@link Contract#CHARGE}; {@link Contract#CHARGED} folds the payment id
 *       into the state, {@link Contract#DECLINED} fails the step and the saga compensates; its compensation sends
 *       {@link Contract#REFUND}.</li>
 *   <li>{@code approve-order}, local: marks the order APPROVED.</li>
 * </ol>
 */
public final class OrderSaga {

  public static final String NAME = "orders.place";

  private OrderSaga() {
  }

  /** The saga's state, stored as JSON with every step. */
  public record OrderState(String orderId, String customerId, long amount, String paymentId) {
    OrderState withPayment(Charged charged) {
      return new OrderState(orderId, customerId, amount, charged.paymentId());
    }
  }

  public static SagaDefinition<OrderState> definition() {
    return Saga.define(NAME, OrderState.class)
        .step("create-order")
          .local(ctx -> {
            insertOrder(ctx);
            return ctx.state();
          })
          .compensate(ctx -> setStatus(ctx, "CANCELLED"))
        .step("charge-payment")
          .send(o -> Command.of(Contract.CHARGE, new Charge(o.orderId(), o.amount())).withSubject(o.orderId()))
          .onReply(Contract.CHARGED, Charged.class, OrderState::withPayment)
          .failOn(Contract.DECLINED)
          .timeout(Duration.ofSeconds(10))
          .compensateWith(o -> Command.of(Contract.REFUND, new Refund(o.paymentId(), o.orderId())).withSubject(o.orderId()))
        .step("approve-order")
          .local(ctx -> {
            setStatus(ctx, "APPROVED");
            return ctx.state();
          })
        .build();
  }

  private static void insertOrder(StepContext<OrderState> ctx) throws SQLException {
    String sql = "INSERT INTO customer_order (order_id, customer_id, amount, status, saga_id) VALUES (?, ?, ?, 'PENDING', ?)";
    try (PreparedStatement ps = ctx.connection().prepareStatement(sql)) {
      ps.setString(1, ctx.state().orderId());
      ps.setString(2, ctx.state().customerId());
      ps.setLong(3, ctx.state().amount());
      ps.setObject(4, ctx.sagaId());
      ps.executeUpdate();
    }
  }

  private static void setStatus(StepContext<OrderState> ctx, String status) throws SQLException {
    try (PreparedStatement ps = ctx.connection().prepareStatement("UPDATE customer_order SET status = ? WHERE order_id = ?")) {
      ps.setString(1, status);
      ps.setString(2, ctx.state().orderId());
      ps.executeUpdate();
    }
  }
}
