package dev.natsaga.saga;

import dev.natsaga.saga.internal.dsl.StagedSagaBuilder;

/**
 * Entry point of the saga DSL. Each stage offers only the legal next calls; {@code build()} validates
 * the whole definition and throws {@link SagaDefinitionException} naming the saga and the step.
 *
 * <pre>{@code
 * SagaDefinition<OrderState> order = Saga.define("order.place", OrderState.class)
 *     .version(2)
 *     .step("reserve-stock")
 *         .send(s -> Command.of("inventory.stock.reserve.v1", new Reserve(s.items())))
 *         .onReply("inventory.stock.reserved.v1", Reserved.class, OrderState::withReservation)
 *         .failOn("inventory.stock.depleted.v1")
 *         .compensateWith(s -> Command.of("inventory.stock.release.v1", new Release(s.reservationId())))
 *     .step("mark-placed")
 *         .localRun(ctx -> orders.markPlaced(ctx.connection(), ctx.state().orderId()))
 *     .build();
 * }</pre>
 */
public final class Saga {

  private Saga() {
  }

  /**
   * Starts a definition.
   *
   * @param name      the saga type, e.g. {@code booking.create}; stored with every instance
   * @param stateType the state class, stored as JSON (a record or a Jackson-friendly class)
   * @param <S>       the state type
   * @return the first stage: {@code version(int)} (default 1) or the first {@code step(name)}
   */
  public static <S> SagaBuilder.Start<S> define(String name, Class<S> stateType) {
    return new StagedSagaBuilder<>(name, stateType);
  }
}
