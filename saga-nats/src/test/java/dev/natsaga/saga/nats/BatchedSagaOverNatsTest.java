package dev.natsaga.saga.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.natsaga.framework.BatchOptions;
import dev.natsaga.saga.Retry;
import dev.natsaga.saga.SagaDefinition;
import dev.natsaga.saga.jdbc.SagaDatabaseOptions;
import dev.natsaga.saga.nats.ShopSaga.Order;
import dev.natsaga.test.nats.NatsServerExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shop saga with both batched paths: the orchestrator applies the replies of a batch in one transaction of its
 * store, the payment participant answers a batch of commands in one transaction of its database. Deliveries handled
 * and committed but never acknowledged (as when a process dies between the commit and the ack) come back: the
 * orchestrator recognises the replies as duplicates, the participant answers with the stored reply, and no step or
 * side effect happens twice.
 */
@Timeout(120)
class BatchedSagaOverNatsTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  private static final int SAGAS = 120;

  @TempDir
  Path dir;

  private final String env = TestNats.freshEnv();
  private ParticipantRuntime participant;
  private OrchestratorRuntime orchestrator;

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {orchestrator, participant}) {
      if (c != null) {
        c.close();
      }
    }
  }

  @Test
  void batchedRepliesAndCommandsLostBeforeTheirAckAreRedeliveredAndNothingHappensTwice() throws Exception {
    participant = ParticipantRuntime.start(NATS.url(), env, faults -> faults.failAfterHandled(ShopSaga.AUTHORIZE, 5),
        new BatchOptions(16, Duration.ofMillis(5)));
    SagaDefinition<Order> saga = ShopSaga.definition(Duration.ofSeconds(10), Retry.none());
    Commands lostAcks = new Commands().failAfterHandled(ShopSaga.AUTHORIZED, 5).failAfterHandled(ShopSaga.CAPTURED, 5);
    SagaDatabaseOptions database = SagaDatabaseOptions.builder()
        .url("jdbc:h2:file:" + dir.resolve("saga") + ";LOCK_TIMEOUT=10000").poolSize(8).build();
    orchestrator = OrchestratorRuntime.start(NATS.url(), env, database, saga, TestNats.orchestratorOptions(16),
        UnaryOperator.identity(), lostAcks.middleware());
    Db db = new Db(database);

    for (int i = 0; i < SAGAS; i++) {
      orchestrator.engine().start(saga, Order.of("o-" + i, 10 + i), "order-" + i);
    }

    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
        .until(() -> db.count("SELECT COUNT(*) FROM saga_instance WHERE status = 'COMPLETED'") == SAGAS);
    assertThat(db.count("SELECT COUNT(*) FROM saga_step_log WHERE phase = 'EXECUTE' AND outcome = 'SUCCEEDED'"))
        .isEqualTo(SAGAS * 4L);
    assertThat(db.count("SELECT COUNT(*) FROM (SELECT saga_id, step_name FROM saga_step_log WHERE phase = 'EXECUTE'"
        + " AND outcome = 'SUCCEEDED' GROUP BY saga_id, step_name HAVING COUNT(*) > 1) d")).as("steps succeeding twice").isZero();
    assertThat(db.count("SELECT COUNT(*) FROM saga_step_log WHERE outcome = 'DUPLICATE_REPLY'"))
        .as("replies applied and redelivered (10 lost orchestrator acks, 5 participant answers sent again)").isGreaterThanOrEqualTo(10);
    assertThat(participant.payment.count("SELECT COUNT(*) FROM payment_effect")).isEqualTo(SAGAS * 2L);
    assertThat(participant.payment.count("SELECT COUNT(*) FROM (SELECT saga_id, kind FROM payment_effect GROUP BY saga_id, kind"
        + " HAVING COUNT(*) > 1) d")).as("participant side effects twice").isZero();
    assertThat(orchestrator.natsaga.deadLetters().count()).isZero();
  }
}
