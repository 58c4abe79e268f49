package dev.natsaga.saga.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.natsaga.framework.BatchOptions;
import dev.natsaga.framework.consume.Middleware;
import dev.natsaga.saga.Retry;
import dev.natsaga.saga.SagaDefinition;
import dev.natsaga.saga.nats.ShopSaga.Order;
import dev.natsaga.saga.testdb.PostgresTestDatabase;
import dev.natsaga.test.nats.NatsServerExtension;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two orchestrator instances (own pools, own NATS connections, one service name, so one queue group per reply
 * type) on one PostgreSQL database run 500 sagas. The participant answers every command twice, so the two
 * replies of one step race on the two instances: exactly one advances the saga, the other is recorded as a
 * duplicate, and no reply is lost to an optimistic-lock conflict.
 */
@Timeout(150)
class TwoOrchestratorsTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  private static final int SAGAS = 500;

  private PostgresTestDatabase database;
  private ParticipantRuntime participant;
  private OrchestratorRuntime first;
  private OrchestratorRuntime second;

  @AfterEach
  void cleanUp() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {first, second, participant, database}) {
      if (c != null) {
        c.close();
      }
    }
  }

  @Test
  void everySagaCompletesOnceWithNoStepRunTwice() throws Exception {
    run(1, null);
  }

  /**
   * Both sides batched: replies 16 per transaction of the saga store, so two instances' batches touch overlapping
   * sagas (a lost race or a deadlock rolls a batch back and its replies are applied one by one), and the participant
   * answers 16 commands per transaction.
   */
  @Test
  void everySagaCompletesOnceWithNoStepRunTwiceWithBatchedRepliesAndCommands() throws Exception {
    run(16, new BatchOptions(16, Duration.ofMillis(5)));
  }

  private void run(int replyBatch, BatchOptions commandBatch) throws Exception {
    String env = TestNats.freshEnv();
    database = new PostgresTestDatabase();
    participant = ParticipantRuntime.start(NATS.url(), env,
        faults -> faults.handleTwice(ShopSaga.AUTHORIZE).handleTwice(ShopSaga.CAPTURE), commandBatch);
    // a timeout far above the backlog's latency: a retry would add a third reply and blur the count
    SagaDefinition<Order> saga = ShopSaga.definition(Duration.ofSeconds(60), Retry.none());
    AtomicInteger firstReplies = new AtomicInteger();
    AtomicInteger secondReplies = new AtomicInteger();
    AtomicInteger conflicts = new AtomicInteger();
    first = OrchestratorRuntime.start(NATS.url(), env, database.options(), saga, TestNats.orchestratorOptions(replyBatch),
        store -> new ConflictCountingStore(store, conflicts), counting(firstReplies));
    second = OrchestratorRuntime.start(NATS.url(), env, database.options(), saga, TestNats.orchestratorOptions(replyBatch),
        store -> new ConflictCountingStore(store, conflicts), counting(secondReplies));
    Db db = new Db(database.options());

    ExecutorService starters = Executors.newFixedThreadPool(8);
    for (int i = 0; i < SAGAS; i++) {
      OrchestratorRuntime via = i % 2 == 0 ? first : second;
      int n = i;
      starters.execute(() -> via.engine().start(saga, Order.of("order-" + n, 10 + n % 900), "order-" + n));
    }
    starters.shutdown();
    assertThat(starters.awaitTermination(1, TimeUnit.MINUTES)).isTrue();

    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
        .until(() -> db.count("SELECT COUNT(*) FROM saga_instance WHERE status = 'COMPLETED'") == SAGAS);
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
        .untilAsserted(() -> assertThat(db.count("SELECT COUNT(*) FROM saga_step_log WHERE outcome = 'DUPLICATE_REPLY'"))
            .as("every second reply recorded as a duplicate; replies %s + %s, effects %s, outcomes %s", firstReplies, secondReplies,
                participant.payment.count("SELECT COUNT(*) FROM payment_effect"), db.rows(
                "SELECT outcome || ' ' || step_name || ' ' || phase, COUNT(*) FROM saga_step_log GROUP BY outcome, step_name, phase")
            ).isEqualTo(SAGAS * 2L));
    System.out.printf("replies handled: %d by the first instance, %d by the second; %d optimistic-lock conflicts re-applied%n",
        firstReplies.get(), secondReplies.get(), conflicts.get());

    assertThat(db.count("SELECT COUNT(*) FROM saga_instance")).isEqualTo(SAGAS);
    assertThat(db.count("SELECT COUNT(*) FROM (SELECT saga_id, step FROM shop_step_exec GROUP BY saga_id, step"
        + " HAVING COUNT(*) > 1) d")).as("local steps executed twice").isZero();
    assertThat(db.count("SELECT COUNT(*) FROM shop_step_exec")).isEqualTo(SAGAS * 2L);
    assertThat(db.count("SELECT COUNT(*) FROM saga_step_log WHERE phase = 'EXECUTE' AND outcome = 'SUCCEEDED'"))
        .as("one success per saga and step").isEqualTo(SAGAS * 4L);
    assertThat(db.count("SELECT COUNT(*) FROM saga_step_log WHERE outcome IN ('LATE_REPLY', 'UNEXPECTED_REPLY', 'TIMED_OUT', 'FAILED')"))
        .isZero();
    assertThat(participant.payment.count("SELECT COUNT(*) FROM payment_effect")).as("one side effect per command")
        .isEqualTo(SAGAS * 2L);
    assertThat(firstReplies.get() + secondReplies.get()).as("every reply handled once (4 per saga)").isEqualTo(SAGAS * 4);
    assertThat(firstReplies.get()).as("the queue group spreads replies over both instances").isPositive();
    assertThat(secondReplies.get()).isPositive();
    assertThat(conflicts.get()).as("the racing replies did collide").isPositive();
    assertThat(first.natsaga.deadLetters().count()).as("no reply dead-lettered").isZero();
  }

  /** Counts the replies an instance handled to completion (acknowledged). */
  private static Middleware counting(AtomicInteger handled) {
    return (info, next) -> event -> {
      next.handle(event);
      handled.incrementAndGet();
    };
  }
}
