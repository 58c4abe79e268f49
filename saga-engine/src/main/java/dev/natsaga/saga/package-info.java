/**
 * The saga API: define a saga in a staged Java DSL, run it with a {@link dev.natsaga.saga.SagaEngine},
 * and look sagas up through {@link dev.natsaga.saga.SagaQueries}.
 *
 * <pre>{@code
 * SagaDefinition<BookingState> booking = Saga.define("booking.create", BookingState.class)
 *     .version(1)
 *     .step("reserve-slot")
 *         .local(ctx -> slots.reserve(ctx.connection(), ctx.state()))
 *         .compensate(ctx -> slots.release(ctx.connection(), ctx.state()))
 *     .step("authorize-payment")
 *         .send(state -> Command.of("payment.transaction.authorize.v1", new Authorize(state.amount())))
 *         .onReply("payment.transaction.authorized.v1", Authorized.class, BookingState::withPayment)
 *         .failOn("payment.transaction.declined.v1")
 *         .timeout(Duration.ofSeconds(30)).retry(Retry.exponential(3, Duration.ofMillis(200)))
 *         .compensateWith(state -> Command.of("payment.transaction.void.v1", new Void(state.paymentId())))
 *     .step("confirm-booking")
 *         .localRun(ctx -> bookings.confirm(ctx.connection(), ctx.state()))
 *     .build();
 * }</pre>
 *
 * <p>The engine is transport-independent: commands go to the service's transactional outbox
 * ({@link dev.natsaga.outbox.Outbox}),
 * replies come in through {@link dev.natsaga.saga.SagaEngine#handleReply(SagaReply)}, and timeouts are
 * driven by {@link dev.natsaga.saga.SagaEngine#processDueDeadlines()}. Persistence is a
 * {@link dev.natsaga.saga.store.SagaStore}; {@link dev.natsaga.saga.jdbc.JdbcSagaStore} is the JDBC one.
 */
package dev.natsaga.saga;
