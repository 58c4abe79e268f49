package dev.natsaga.saga.nats;

import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.consume.Middleware;
import dev.natsaga.saga.SagaDefinition;
import dev.natsaga.saga.SagaEngine;
import dev.natsaga.saga.jdbc.JdbcSagaStore;
import dev.natsaga.saga.jdbc.SagaDatabaseOptions;
import dev.natsaga.saga.store.SagaStore;
import java.sql.Connection;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * One orchestrator instance as a service runs it: its own store (pool) on the saga database, a
 * {@link SagaOrchestrator}, and a {@link Natsaga} runtime of service {@code shop-service} with the reply consumers.
 */
public final class OrchestratorRuntime implements AutoCloseable {

  public static final String SERVICE = "shop-service";

  public final JdbcSagaStore store;
  public final SagaOrchestrator orchestrator;
  public final Natsaga natsaga;

  private OrchestratorRuntime(JdbcSagaStore store, SagaOrchestrator orchestrator, Natsaga natsaga) {
    this.store = store;
    this.orchestrator = orchestrator;
    this.natsaga = natsaga;
  }

  public static OrchestratorRuntime start(String natsUrl, String env, SagaDatabaseOptions database, SagaDefinition<?> definition,
                      Middleware... middleware) throws Exception {
    return start(natsUrl, env, database, definition, TestNats.orchestratorOptions(), middleware);
  }

  public static OrchestratorRuntime start(String natsUrl, String env, SagaDatabaseOptions database, SagaDefinition<?> definition,
                      SagaOrchestratorOptions options, Middleware... middleware) throws Exception {
    return start(natsUrl, env, database, definition, options, UnaryOperator.identity(), middleware);
  }

  /** @param decorate wraps the store the engine and relay use (e.g. to observe transactions) */
  public static OrchestratorRuntime start(String natsUrl, String env, SagaDatabaseOptions database, SagaDefinition<?> definition,
                      SagaOrchestratorOptions options, UnaryOperator<SagaStore> decorate,
                      Middleware... middleware) throws Exception {
    JdbcSagaStore jdbc = JdbcSagaStore.open(database);
    try (Connection c = jdbc.dataSource().getConnection()) {
      ShopSaga.createTables(c);
    }
    SagaStore store = decorate.apply(jdbc);
    SagaEngine engine = SagaEngine.builder().store(store).claimLease(Duration.ofSeconds(5)).build();
    SagaOrchestrator orchestrator = SagaOrchestrator.builder().store(store).engine(engine).definitions(definition)
        .options(options).build();
    Natsaga.Builder builder = Natsaga.builder(TestNats.options(natsUrl, env, SERVICE)).handlers(orchestrator.replyHandlers());
    for (Middleware m : middleware) {
      builder.middleware(m);
    }
    Natsaga natsaga = builder.build().start();
    orchestrator.start(natsaga);
    return new OrchestratorRuntime(jdbc, orchestrator, natsaga);
  }

  public SagaEngine engine() {
    return orchestrator.engine();
  }

  @Override
  public void close() throws InterruptedException {
    orchestrator.close();
    natsaga.close();
    store.close();
  }
}
