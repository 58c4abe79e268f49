package dev.natsaga.saga.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.natsaga.framework.Event;
import dev.natsaga.framework.HandlerRegistration;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.saga.Retry;
import dev.natsaga.saga.SagaDefinition;
import dev.natsaga.saga.SagaStatus;
import dev.natsaga.saga.SagaStep;
import dev.natsaga.saga.StepOutcome;
import dev.natsaga.saga.StepPhase;
import dev.natsaga.saga.jdbc.SagaDatabaseOptions;
import dev.natsaga.saga.nats.ShopSaga.Authorize;
import dev.natsaga.saga.nats.ShopSaga.Order;
import dev.natsaga.test.nats.NatsServerExtension;
import io.cloudevents.CloudEvent;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The shop saga against a real nats-server, with the payment participant built on the participant API. */
@Timeout(60)
class SagaOverNatsTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir
  Path dir;

  private final String env = TestNats.freshEnv();
  private ParticipantRuntime participant;
  private OrchestratorRuntime orchestrator;
  private Natsaga probe;

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {orchestrator, participant, probe}) {
      if (c != null) {
        c.close();
      }
    }
  }

  private SagaDatabaseOptions sagaDatabase() {
    return SagaDatabaseOptions.builder().url("jdbc:h2:file:" + dir.resolve("saga") + ";LOCK_TIMEOUT=10000").poolSize(8).build();
  }

  private OrchestratorRuntime startOrchestrator(SagaDefinition<Order> definition) throws Exception {
    return OrchestratorRuntime.start(NATS.url(), env, sagaDatabase(), definition);
  }

  @Test
  void happyPathRunsEveryStepOverNatsWithCorrelatedReplies() throws Exception {
    participant = ParticipantRuntime.start(NATS.url(), env);
    List<Event<CloudEvent>> replies = new CopyOnWriteArrayList<>();
    probe = Natsaga.builder(TestNats.options(NATS.url(), env, "probe"))
        .handler(HandlerRegistration.onEvent(ShopSaga.AUTHORIZED, CloudEvent.class, replies::add).build()).build().start();
    SagaDefinition<Order> saga = ShopSaga.definition(Duration.ofSeconds(10), Retry.none());
    orchestrator = startOrchestrator(saga);

    UUID id = orchestrator.engine().start(saga, Order.of("o-1", 500), "order-o-1");

    awaitStatus(id, SagaStatus.COMPLETED);
    List<SagaStep> log = log(id);
    assertThat(log).extracting(SagaStep::stepName, SagaStep::phase, SagaStep::outcome).containsExactly(
        tuple("reserve-stock", StepPhase.EXECUTE, StepOutcome.SUCCEEDED),
        tuple("authorize-payment", StepPhase.EXECUTE, StepOutcome.SUCCEEDED),
        tuple("confirm-order", StepPhase.EXECUTE, StepOutcome.SUCCEEDED),
        tuple("capture-payment", StepPhase.EXECUTE, StepOutcome.SUCCEEDED));
    assertThat(log.get(1).replyType()).isEqualTo(ShopSaga.AUTHORIZED);
    assertThat(log.get(3).replyType()).isEqualTo(ShopSaga.CAPTURED);
    Order state = orchestrator.engine().findState(id, Order.class).orElseThrow();
    assertThat(state.paymentId()).startsWith("pay-");
    assertThat(state.captureId()).isEqualTo("cap-" + state.paymentId());
    assertThat(stepExecutions(id)).containsExactly("reserve-stock", "confirm-order");
    assertThat(participant.payment.effects(id, "authorize")).isEqualTo(1);
    assertThat(participant.payment.effects(id, "capture")).isEqualTo(1);

    await().atMost(WAIT).until(() -> !replies.isEmpty());
    Event<CloudEvent> reply = replies.get(0);
    SagaStep authorize = log.get(1);
    assertThat(reply.extension("sagaid")).isEqualTo(id.toString());
    assertThat(reply.extension("sagastep")).isEqualTo("authorize-payment");
    assertThat(reply.extension("commandid")).isEqualTo(authorize.commandId().toString());
    assertThat(reply.correlationId()).as("correlation = the saga id").isEqualTo(id.toString());
    assertThat(reply.causationId()).as("caused by the command message").isEqualTo(authorize.messageId().toString());
    assertThat(reply.subject()).isEqualTo("o-1");
    assertThat(reply.source()).isEqualTo("payment-service");
  }

  @Test
  void declinedPaymentCompensatesOnlyTheCompletedSteps() throws Exception {
    participant = ParticipantRuntime.start(NATS.url(), env);
    SagaDefinition<Order> saga = ShopSaga.definition(Duration.ofSeconds(10), Retry.none());
    orchestrator = startOrchestrator(saga);

    UUID id = orchestrator.engine().start(saga, Order.of("o-2", PaymentParticipant.DECLINE_ABOVE + 1));

    awaitStatus(id, SagaStatus.COMPENSATED);
    assertThat(log(id)).extracting(SagaStep::stepName, SagaStep::phase, SagaStep::outcome).containsExactly(
        tuple("reserve-stock", StepPhase.EXECUTE, StepOutcome.SUCCEEDED),
        tuple("authorize-payment", StepPhase.EXECUTE, StepOutcome.FAILED),
        tuple("reserve-stock", StepPhase.COMPENSATE, StepOutcome.SUCCEEDED));
    assertThat(stepExecutions(id)).containsExactly("reserve-stock", "reserve-stock:undo");
    assertThat(participant.payment.effects(id, "void")).as("the failed step is not compensated").isZero();
  }

  @Test
  void lostCommandTimesOutAndIsRetried() throws Exception {
    participant = ParticipantRuntime.start(NATS.url(), env, faults -> faults.drop(ShopSaga.AUTHORIZE, 1));
    SagaDefinition<Order> saga = ShopSaga.definition(Duration.ofMillis(1500), Retry.fixed(3, Duration.ofMillis(200)));
    orchestrator = startOrchestrator(saga);

    UUID id = orchestrator.engine().start(saga, Order.of("o-3", 100));

    awaitStatus(id, SagaStatus.COMPLETED);
    List<SagaStep> authorize = log(id).stream().filter(e -> e.stepName().equals("authorize-payment")).toList();
    assertThat(authorize).extracting(SagaStep::attempt, SagaStep::outcome)
        .containsExactly(tuple(1, StepOutcome.TIMED_OUT), tuple(2, StepOutcome.SUCCEEDED));
    assertThat(authorize.get(0).commandId()).as("a retry keeps the command id").isEqualTo(authorize.get(1).commandId());
    assertThat(authorize.get(0).messageId()).as("but is a new message").isNotEqualTo(authorize.get(1).messageId());
    assertThat(participant.faults.dropped(ShopSaga.AUTHORIZE)).isEqualTo(1);
    assertThat(participant.payment.effects(id, "authorize")).isEqualTo(1);
  }

  @Test
  void commandLostOnEveryAttemptCompensatesAfterTheRetries() throws Exception {
    participant = ParticipantRuntime.start(NATS.url(), env, faults -> faults.drop(ShopSaga.AUTHORIZE, Integer.MAX_VALUE));
    SagaDefinition<Order> saga = ShopSaga.definition(Duration.ofMillis(1000), Retry.fixed(2, Duration.ofMillis(200)));
    orchestrator = startOrchestrator(saga);

    UUID id = orchestrator.engine().start(saga, Order.of("o-4", 100));

    awaitStatus(id, SagaStatus.COMPENSATED);
    assertThat(log(id)).extracting(SagaStep::stepName, SagaStep::phase, SagaStep::outcome).containsExactly(
        tuple("reserve-stock", StepPhase.EXECUTE, StepOutcome.SUCCEEDED),
        tuple("authorize-payment", StepPhase.EXECUTE, StepOutcome.TIMED_OUT),
        tuple("authorize-payment", StepPhase.EXECUTE, StepOutcome.TIMED_OUT),
        tuple("authorize-payment", StepPhase.COMPENSATE, StepOutcome.SUCCEEDED),
        tuple("reserve-stock", StepPhase.COMPENSATE, StepOutcome.SUCCEEDED));
    assertThat(participant.faults.dropped(ShopSaga.AUTHORIZE)).isEqualTo(2);
    assertThat(stepExecutions(id)).containsExactly("reserve-stock", "reserve-stock:undo");
  }

  @Test
  void timeoutsFireWhenTheOrchestratorRestartsBetweenSendingAndTheDeadline() throws Exception {
    participant = ParticipantRuntime.start(NATS.url(), env, faults -> faults.drop(ShopSaga.AUTHORIZE, Integer.MAX_VALUE));
    SagaDefinition<Order> saga = ShopSaga.definition(Duration.ofSeconds(2), Retry.fixed(2, Duration.ofMillis(200)));
    orchestrator = startOrchestrator(saga);
    UUID id = orchestrator.engine().start(saga, Order.of("o-5", 100));
    await().atMost(WAIT).until(() -> participant.faults.dropped(ShopSaga.AUTHORIZE) == 1);
    Instant deadline = orchestrator.store.findInstance(id).orElseThrow().deadline();
    assertThat(deadline).as("the first attempt waits for its reply").isAfter(Instant.now());

    orchestrator.close();
    orchestrator = null;
    Thread.sleep(Math.max(0, Duration.between(Instant.now(), deadline).toMillis()) + 300);
    orchestrator = startOrchestrator(saga);

    awaitStatus(id, SagaStatus.COMPENSATED);
    assertThat(log(id)).extracting(SagaStep::stepName, SagaStep::attempt, SagaStep::outcome).containsExactly(
        tuple("reserve-stock", 1, StepOutcome.SUCCEEDED),
        tuple("authorize-payment", 1, StepOutcome.TIMED_OUT),
        tuple("authorize-payment", 2, StepOutcome.TIMED_OUT),
        tuple("authorize-payment", 1, StepOutcome.SUCCEEDED),
        tuple("reserve-stock", 1, StepOutcome.SUCCEEDED));
    assertThat(participant.faults.dropped(ShopSaga.AUTHORIZE)).as("the retry was sent by the new instance").isEqualTo(2);
    assertThat(stepExecutions(id)).containsExactly("reserve-stock", "reserve-stock:undo");
  }

  @Test
  void duplicateRepliesAreIgnoredAndARepeatedCommandHasOneSideEffect() throws Exception {
    participant = ParticipantRuntime.start(NATS.url(), env, faults -> faults.handleTwice(ShopSaga.AUTHORIZE));
    SagaDefinition<Order> saga = ShopSaga.definition(Duration.ofSeconds(10), Retry.none());
    orchestrator = startOrchestrator(saga);

    UUID id = orchestrator.engine().start(saga, Order.of("o-6", 100));

    awaitStatus(id, SagaStatus.COMPLETED);
    await().atMost(WAIT).until(() -> duplicates(id) == 1);
    SagaStep authorized = log(id).stream()
        .filter(e -> e.stepName().equals("authorize-payment") && e.outcome() == StepOutcome.SUCCEEDED).findFirst().orElseThrow();
    SagaStep duplicate = log(id).stream().filter(e -> e.outcome() == StepOutcome.DUPLICATE_REPLY).findFirst().orElseThrow();
    assertThat(duplicate.replyType()).isEqualTo(ShopSaga.AUTHORIZED);
    assertThat(duplicate.commandId()).isEqualTo(authorized.commandId());
    assertThat(duplicate.replyId()).as("the repeated reply is a new event").isNotEqualTo(authorized.replyId());

    // the same command once more, as a redelivery from another publisher would arrive: same command id, new message
    participant.natsaga.publisher().publish(OutgoingEvent.command(ShopSaga.AUTHORIZE, new Authorize("o-6", 100))
        .extension("sagaid", id.toString()).extension("sagastep", "authorize-payment")
        .extension("commandid", authorized.commandId().toString()).build());
    await().atMost(WAIT).until(() -> duplicates(id) >= 3);   // handled twice again: two more stored replies

    assertThat(duplicates(id)).isEqualTo(3);
    assertThat(participant.payment.effects(id, "authorize")).as("one side effect for four handlings").isEqualTo(1);
    assertThat(participant.payment.count("SELECT COUNT(*) FROM saga_participant_command WHERE saga_id = '" + id + "'"))
        .isEqualTo(2);
    assertThat(orchestrator.engine().find(id).orElseThrow().status()).isEqualTo(SagaStatus.COMPLETED);
    assertThat(log(id).stream().filter(e -> e.outcome() == StepOutcome.SUCCEEDED)).hasSize(4);
  }

  private long duplicates(UUID id) {
    return log(id).stream().filter(e -> e.outcome() == StepOutcome.DUPLICATE_REPLY).count();
  }

  private void awaitStatus(UUID id, SagaStatus status) {
    await().atMost(WAIT).pollInterval(Duration.ofMillis(50))
        .untilAsserted(() -> assertThat(orchestrator.engine().find(id).orElseThrow().status()).as("saga %s, log %s", id, log(id))
            .isEqualTo(status));
  }

  private List<SagaStep> log(UUID id) {
    return orchestrator.engine().find(id).orElseThrow().steps();
  }

  private List<String> stepExecutions(UUID id) throws Exception {
    try (Connection c = orchestrator.store.dataSource().getConnection(); Statement s = c.createStatement();
      ResultSet rs = s.executeQuery("SELECT step FROM shop_step_exec WHERE saga_id = '" + id + "' ORDER BY id")) {
      List<String> steps = new java.util.ArrayList<>();
      while (rs.next()) {
        steps.add(rs.getString(1));
      }
      return steps;
    }
  }

  private static org.assertj.core.groups.Tuple tuple(Object... values) {
    return org.assertj.core.groups.Tuple.tuple(values);
  }
}
