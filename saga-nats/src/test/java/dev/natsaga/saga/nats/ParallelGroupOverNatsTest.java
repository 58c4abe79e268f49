package dev.natsaga.saga.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.natsaga.saga.Retry;
import dev.natsaga.saga.SagaDefinition;
import dev.natsaga.saga.nats.ShopSaga.Order;
import dev.natsaga.saga.testdb.H2TestDatabase;
import dev.natsaga.test.nats.NatsServerExtension;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link ParallelShopSaga} over a real nats-server on H2: the replies of a group's two branches arrive on two reply
 * consumers (4 handler threads each) at about the same time, so they race on the saga's row; optimistic locking
 * re-applies the loser, and every saga joins (or, declined, compensates) with nothing lost or done twice.
 */
@Timeout(120)
class ParallelGroupOverNatsTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  private static final int SAGAS = 200;
  private static final int DECLINED = 100;

  private H2TestDatabase database;
  private ParticipantRuntime participant;
  private OrchestratorRuntime orchestrator;

  @AfterEach
  void cleanUp() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {orchestrator, participant, database}) {
      if (c != null) {
        c.close();
      }
    }
  }

  @Test
  void concurrentBranchRepliesAreAppliedWithoutLostUpdates() throws Exception {
    String env = TestNats.freshEnv();
    database = new H2TestDatabase();
    participant = ParticipantRuntime.start(NATS.url(), env);
    SagaDefinition<Order> saga = ParallelShopSaga.definition(Duration.ofSeconds(30), Retry.none());
    AtomicInteger conflicts = new AtomicInteger();
    orchestrator = OrchestratorRuntime.start(NATS.url(), env, database.options(), saga, TestNats.orchestratorOptions(),
        store -> new ConflictCountingStore(store, conflicts));
    Db db = new Db(database.options());

    for (int i = 0; i < SAGAS; i++) {
      orchestrator.engine().start(saga, Order.of("order-" + i, 10 + i * 10L), "order-" + i);
    }
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
        .until(() -> db.count("SELECT COUNT(*) FROM saga_instance WHERE status IN ('COMPLETED', 'COMPENSATED')") == SAGAS);
    System.out.printf("parallel groups over NATS: %d optimistic-lock conflicts re-applied%n", conflicts.get());

    assertThat(conflicts.get()).as("branch replies did race on the same saga").isPositive();
    assertThat(db.count("SELECT COUNT(*) FROM saga_instance WHERE status = 'COMPLETED'")).isEqualTo(SAGAS - DECLINED);
    assertThat(db.count("SELECT COUNT(*) FROM saga_step_log WHERE phase = 'EXECUTE' AND outcome = 'SUCCEEDED'"
        + " AND step_name = 'capture-payment'")).as("every capture branch joined (no lost update)").isEqualTo(SAGAS);
    assertThat(db.count("SELECT COUNT(*) FROM saga_step_log WHERE phase = 'EXECUTE' AND outcome = 'SUCCEEDED'"
        + " AND step_name = 'authorize-payment'")).isEqualTo(SAGAS - DECLINED);
    assertThat(db.count("SELECT COUNT(*) FROM saga_instance WHERE status = 'COMPLETED' AND (state_json NOT LIKE '%\"paymentId\":\"pay-%'"
        + " OR state_json NOT LIKE '%\"captureId\":\"cap-%')")).as("both branches' replies in the state").isZero();
    assertThat(participant.payment.count("SELECT COUNT(*) FROM payment_effect WHERE kind = 'void'")).isEqualTo(DECLINED);
    assertThat(db.count("SELECT COUNT(*) FROM shop_step_exec WHERE step = 'reserve-stock:undo'")).isEqualTo(DECLINED);
    assertThat(db.count("SELECT COUNT(*) FROM saga_step_log WHERE outcome IN ('LATE_REPLY', 'UNEXPECTED_REPLY', 'TIMED_OUT')"))
        .isZero();
    assertThat(orchestrator.natsaga.deadLetters().count()).as("no reply dead-lettered").isZero();
  }
}
