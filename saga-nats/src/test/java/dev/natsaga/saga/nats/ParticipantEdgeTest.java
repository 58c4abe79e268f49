package dev.natsaga.saga.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.natsaga.framework.BatchOptions;
import dev.natsaga.framework.HandlerRegistration;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.framework.dlq.DeadLetter;
import dev.natsaga.framework.dlq.DeadLetterReason;
import dev.natsaga.saga.Retry;
import dev.natsaga.saga.SagaDefinition;
import dev.natsaga.saga.SagaStatus;
import dev.natsaga.saga.jdbc.SagaDatabaseOptions;
import dev.natsaga.saga.nats.ShopSaga.Authorize;
import dev.natsaga.saga.nats.ShopSaga.Authorized;
import dev.natsaga.saga.nats.ShopSaga.Capture;
import dev.natsaga.saga.nats.ShopSaga.Captured;
import dev.natsaga.saga.nats.ShopSaga.Order;
import dev.natsaga.saga.participant.CommandHandler;
import dev.natsaga.saga.participant.SagaParticipant;
import dev.natsaga.test.nats.NatsServerExtension;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The participant API and the reply consumer at their edges: failing handlers, messages that cannot be correlated. */
@Timeout(60)
class ParticipantEdgeTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  @TempDir
  Path dir;

  private final String env = TestNats.freshEnv();
  private final JdbcDataSource paymentDb = new JdbcDataSource();
  private Natsaga payment;
  private final AtomicInteger handlerCalls = new AtomicInteger();
  private OrchestratorRuntime orchestrator;

  @AfterEach
  void close() throws Exception {
    if (orchestrator != null) {
      orchestrator.close();
    }
    if (payment != null) {
      payment.close();
    }
  }

  /** A payment participant whose authorize handler writes its effect, then fails on its first {@code failures} calls. */
  private void startPayment(int failures) throws Exception {
    startPayment(failures, null, "");
  }

  /**
   * Like {@link #startPayment(int)}, failing only for orders whose id starts with {@code failingOrders}; with
   * {@code batch} the commands are answered in batches ({@code handleBatch}).
   */
  private void startPayment(int failures, BatchOptions batch, String failingOrders) throws Exception {
    paymentDb.setURL("jdbc:h2:mem:edge-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    try (Connection c = paymentDb.getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE effect (command_id VARCHAR(64) NOT NULL)");
    }
    SagaParticipant participant = SagaParticipant.builder().name("payment-service").dataSource(paymentDb).build().migrate();
    AtomicInteger failuresLeft = new AtomicInteger(failures);
    payment = Natsaga.builder(TestNats.options(NATS.url(), env, "payment-service"))
        .handler(register(participant, batch, cmd -> {
          handlerCalls.incrementAndGet();
          try (PreparedStatement ps = cmd.connection().prepareStatement("INSERT INTO effect VALUES (?)")) {
            ps.setString(1, cmd.commandId());
            ps.executeUpdate();
          }
          if (cmd.data().orderId().startsWith(failingOrders) && failuresLeft.getAndDecrement() > 0) {
            throw new IllegalStateException("bank unavailable");
          }
          return cmd.succeed(ShopSaga.AUTHORIZED, new Authorized("pay-1"));
        }))
        .handler(participant.handle(ShopSaga.CAPTURE, Capture.class, cmd -> cmd.succeed(ShopSaga.CAPTURED, new Captured("cap-1"))))
        .build();
    participant.publishWith(payment);
    payment.start();
  }

  private static HandlerRegistration<Authorize> register(SagaParticipant participant, BatchOptions batch,
      CommandHandler<Authorize> handler) {
    return batch == null ? participant.handle(ShopSaga.AUTHORIZE, Authorize.class, handler)
        : participant.handleBatch(ShopSaga.AUTHORIZE, Authorize.class, handler, batch, o -> o);
  }

  private long effects() throws Exception {
    try (Connection c = paymentDb.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM effect")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private void startOrchestrator(SagaDefinition<Order> saga) throws Exception {
    startOrchestrator(saga, 1);
  }

  private void startOrchestrator(SagaDefinition<Order> saga, int replyBatch) throws Exception {
    SagaDatabaseOptions db = SagaDatabaseOptions.builder().url("jdbc:h2:file:" + dir.resolve("saga")).poolSize(6).build();
    orchestrator = OrchestratorRuntime.start(NATS.url(), env, db, saga, TestNats.orchestratorOptions(replyBatch));
  }

  @Test
  void aFailingHandlerRollsBackItsWorkAndTheRedeliveryAnswers() throws Exception {
    startPayment(2);
    SagaDefinition<Order> saga = ShopSaga.definition(Duration.ofSeconds(20), Retry.none());
    startOrchestrator(saga);

    UUID id = orchestrator.engine().start(saga, Order.of("e-1", 10));

    await().atMost(Duration.ofSeconds(20)).until(() -> orchestrator.engine().find(id).orElseThrow().status() == SagaStatus.COMPLETED);
    assertThat(effects()).as("the two failed attempts were rolled back with their effect").isEqualTo(1);
  }

  @Test
  void aFailingCommandOfABatchIsRolledBackAloneWhileTheOthersCommitAndIsAnsweredOnItsRedelivery() throws Exception {
    startPayment(1, new BatchOptions(8, Duration.ofMillis(300)), "bad");
    SagaDefinition<Order> saga = ShopSaga.definition(Duration.ofSeconds(20), Retry.none());
    startOrchestrator(saga, 8);

    List<UUID> ids = new java.util.ArrayList<>();
    for (int i = 0; i < 6; i++) {
      ids.add(orchestrator.engine().start(saga, Order.of((i == 3 ? "bad-" : "e-") + i, 10)));
    }

    await().atMost(Duration.ofSeconds(20)).until(() -> ids.stream()
        .allMatch(id -> orchestrator.engine().find(id).orElseThrow().status() == SagaStatus.COMPLETED));
    assertThat(effects()).as("one effect per command: the failed attempt was rolled back to its savepoint").isEqualTo(6);
    assertThat(handlerCalls.get()).as("the others ran once: only the failed command ran again").isEqualTo(7);
  }

  @Test
  void messagesWithoutSagaAttributesGoToTheDeadLetterStream() throws Exception {
    startPayment(0);
    SagaDefinition<Order> saga = ShopSaga.definition(Duration.ofSeconds(20), Retry.none());
    startOrchestrator(saga);
    uncorrelatedMessagesAreDeadLettered();
  }

  @Test
  void messagesWithoutSagaAttributesGoToTheDeadLetterStreamAloneFromBatches() throws Exception {
    startPayment(0, new BatchOptions(8, Duration.ofMillis(5)), "");
    SagaDefinition<Order> saga = ShopSaga.definition(Duration.ofSeconds(20), Retry.none());
    startOrchestrator(saga, 8);
    uncorrelatedMessagesAreDeadLettered();
  }

  private void uncorrelatedMessagesAreDeadLettered() throws Exception {
    payment.publisher().publish(OutgoingEvent.command(ShopSaga.AUTHORIZE, new Authorize("e-2", 10)).build());
    payment.publisher().publish(OutgoingEvent.event(ShopSaga.AUTHORIZED, new Authorized("pay-2")).build());
    payment.publisher().publish(OutgoingEvent.event(ShopSaga.AUTHORIZED, new Authorized("pay-3"))
        .extension("sagaid", UUID.randomUUID().toString()).extension("sagastep", "authorize-payment").build());

    await().atMost(Duration.ofSeconds(10)).until(() -> payment.deadLetters().count() == 2);
    List<DeadLetter> dead = payment.deadLetters().list(1, 10);
    assertThat(dead).extracting(DeadLetter::reason).containsOnly(DeadLetterReason.NON_RETRYABLE);
    assertThat(dead).extracting(DeadLetter::consumer).containsExactlyInAnyOrder(
        "payment-service__payment_transaction_authorize_v1",
        "shop-service__saga-replies-payment_transaction_authorized_v1");
    assertThat(dead).extracting(DeadLetter::error).allMatch(e -> e.contains("sagaid"));
    assertThat(effects()).isZero();
    Thread.sleep(500);
    assertThat(payment.deadLetters().count()).as("a reply for a saga this database does not know is acknowledged").isEqualTo(2);
  }
}
