package dev.natsaga.example;

import dev.natsaga.example.OrderSaga.OrderState;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.config.NatsagaOptions;
import dev.natsaga.saga.SagaDefinition;
import dev.natsaga.saga.SagaQueries;
import dev.natsaga.saga.SagaView;
import dev.natsaga.saga.jdbc.JdbcSagaStore;
import dev.natsaga.saga.jdbc.SagaDatabaseOptions;
import dev.natsaga.saga.nats.SagaOrchestrator;
import dev.natsaga.saga.nats.SagaOrchestratorOptions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import org.flywaydb.core.Flyway;

/**
 * The orders service: places an order by starting the {@link OrderSaga}, which the orchestrator drives over NATS.
 * The saga store and the service's own {@code customer_order} table share one database, so a local step's write
 * commits with the saga's state change.
 */
public final class OrdersService implements AutoCloseable {

  private final JdbcSagaStore store;
  private final SagaOrchestrator orchestrator;
  private final Natsaga natsaga;
  private final SagaDefinition<OrderState> saga = OrderSaga.definition();

  private OrdersService(JdbcSagaStore store, NatsagaOptions options) {
    this.store = store;
    this.orchestrator = SagaOrchestrator.builder().store(store).definitions(saga)
        .options(SagaOrchestratorOptions.defaults()).build();
    this.natsaga = Natsaga.builder(options)
        .handlers(orchestrator.replyHandlers())   // one durable consumer per reply type of the saga
        .domains("payments")                       // the commands' stream, even before the payments service runs
        .build();
  }

  /**
   * Opens and migrates the database at {@code dbUrl} — the saga store's tables, then the service's own from
   * {@code classpath:db/orders} with a history table of its own — and starts the orchestrator.
   */
  public static OrdersService start(NatsagaOptions options, String dbUrl) throws Exception {
    JdbcSagaStore store = JdbcSagaStore.open(SagaDatabaseOptions.builder().url(dbUrl).build());
    try {
      Flyway.configure().dataSource(store.dataSource()).locations("classpath:db/orders").table("orders_schema_history")
          .baselineOnMigrate(true).baselineVersion("0").load().migrate();
      OrdersService service = new OrdersService(store, options);
      service.natsaga.start();
      service.orchestrator.start(service.natsaga);
      return service;
    } catch (Exception | Error e) {
      store.close();
      throw e;
    }
  }

  /** Starts the order's saga; placing the same order again returns the first saga's id (the caller key). */
  public UUID placeOrder(String orderId, String customerId, long amount) {
    return orchestrator.engine().start(saga, new OrderState(orderId, customerId, amount, null), "order-" + orderId);
  }

  /** Waits until the saga has completed or compensated; see {@link SagaQueries#await(UUID, Duration)}. */
  public SagaView awaitOutcome(UUID sagaId, Duration timeout) throws TimeoutException, InterruptedException {
    return queries().await(sagaId, timeout);
  }

  /** Read-only look-ups: a saga with its step log ({@code find}), its state ({@code findState}), lists by status. */
  public SagaQueries queries() {
    return orchestrator.engine();
  }

  /** The order's status in the service's own table: PENDING, APPROVED or CANCELLED. */
  public Optional<String> orderStatus(String orderId) throws SQLException {
    try (Connection c = store.dataSource().getConnection();
         PreparedStatement ps = c.prepareStatement("SELECT status FROM customer_order WHERE order_id = ?")) {
      ps.setString(1, orderId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    }
  }

  /** Stops the orchestrator, then natsaga (replies in flight finish), then closes the database. */
  @Override
  public void close() throws InterruptedException {
    try {
      orchestrator.close();
      natsaga.close();
    } finally {
      store.close();
    }
  }
}
