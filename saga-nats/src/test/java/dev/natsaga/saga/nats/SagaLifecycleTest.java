package dev.natsaga.saga.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.NatsagaLifecycle;
import dev.natsaga.framework.config.NatsagaOptions;
import dev.natsaga.saga.Retry;
import dev.natsaga.saga.jdbc.JdbcSagaStore;
import dev.natsaga.saga.jdbc.SagaDatabaseOptions;
import dev.natsaga.test.nats.NatsServerExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The shared start/stop order of an orchestrating service (Guice's SagaService and the Spring starter run it). */
class SagaLifecycleTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  private static JdbcSagaStore store() {
    return JdbcSagaStore.open(SagaDatabaseOptions.builder().url("jdbc:h2:mem:lc-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1").build());
  }

  private static Natsaga natsaga(String url, SagaOrchestrator orchestrator) {
    NatsagaOptions options = NatsagaOptions.builder().natsUrl(url).serviceName("lifecycle-test")
        .environment("lc" + System.nanoTime() % 100_000).build();
    return Natsaga.builder(options).handlers(orchestrator.replyHandlers()).build();
  }

  @Test
  void startsStoreRuntimeAndOrchestratorAndStopsThemInReverse() {
    JdbcSagaStore store = store();
    SagaOrchestrator orchestrator = SagaOrchestrator.builder().store(store).definitions(ShopSaga.definition(Duration.ofSeconds(10), Retry.none())).build();
    NatsagaLifecycle runtime = new NatsagaLifecycle(natsaga(NATS.url(), orchestrator));
    SagaLifecycle sagas = new SagaLifecycle(() -> store, runtime, () -> orchestrator);

    sagas.start();

    assertThat(sagas.isRunning()).isTrue();
    assertThat(runtime.isHealthy()).isTrue();
    assertThat(orchestrator.isRunning()).isTrue();

    sagas.stop();

    assertThat(orchestrator.isRunning()).isFalse();
    assertThat(runtime.isRunning()).isFalse();
    assertThat(((HikariDataSource) store.dataSource()).isClosed()).as("the store's own pool is closed").isTrue();
    sagas.stop(); // idempotent
  }

  @Test
  void aRuntimeThatCannotStartLeavesTheOrchestratorUnstartedAndTheStoreClosed() throws IOException {
    JdbcSagaStore store = store();
    SagaOrchestrator orchestrator = SagaOrchestrator.builder().store(store).definitions(ShopSaga.definition(Duration.ofSeconds(10), Retry.none())).build();
    String url = "nats://127.0.0.1:" + closedPort();
    NatsagaLifecycle runtime = new NatsagaLifecycle(natsaga(url, orchestrator));
    SagaLifecycle sagas = new SagaLifecycle(() -> store, runtime, () -> orchestrator);

    assertThatThrownBy(sagas::start).isInstanceOf(UncheckedIOException.class).hasMessageContaining(url);

    assertThat(sagas.isRunning()).isFalse();
    assertThat(orchestrator.isRunning()).as("never started").isFalse();
    assertThat(((HikariDataSource) store.dataSource()).isClosed()).as("the store opened for the start is closed").isTrue();
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
