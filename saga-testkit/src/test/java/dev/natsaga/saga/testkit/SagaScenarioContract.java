package dev.natsaga.saga.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.natsaga.framework.Extensions;
import dev.natsaga.saga.Command;
import dev.natsaga.saga.Retry;
import dev.natsaga.saga.Saga;
import dev.natsaga.saga.SagaDefinition;
import dev.natsaga.saga.SagaStatus;
import dev.natsaga.saga.SagaStep;
import dev.natsaga.saga.StepOutcome;
import dev.natsaga.saga.StepPhase;
import dev.natsaga.saga.testkit.KitCommand;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The same given/expect scenarios against every {@link SagaScenarioKit}: {@link InMemorySagaScenarioTest} (no NATS,
 * a jumping clock) and {@link NatsSagaScenarioTest} (a real nats-server, real time). The scenarios use only the
 * kit interface; timeouts are short so that the NATS run stays fast.
 */
abstract class SagaScenarioContract {

  static final String AUTHORIZE = "payment.transaction.authorize.v1";
  static final String AUTHORIZED = "payment.transaction.authorized.v1";
  static final String DECLINED = "payment.transaction.declined.v1";
  static final String VOID = "payment.transaction.void.v1";
  static final String VOIDED = "payment.transaction.voided.v1";
  static final String VOID_FAILED = "payment.transaction.void-failed.v1";
  static final String SCHEDULE = "shipping.shipment.schedule.v1";
  static final String SCHEDULED = "shipping.shipment.scheduled.v1";
  static final String REJECTED = "shipping.shipment.rejected.v1";
  static final String CANCEL = "shipping.shipment.cancel.v1";
  static final String CANCELLED = "shipping.shipment.cancelled.v1";

  /** Orders above this amount fail the local confirm step. */
  static final long LIMIT = 10_000;
  static final Duration TIMEOUT = Duration.ofMillis(600);

  record Order(String orderId, long amount, String paymentId, String shipmentId) {
    static Order of(String id, long amount) {
      return new Order(id, amount, null, null);
    }

    Order withPayment(Authorized a) {
      return new Order(orderId, amount, a.paymentId(), shipmentId);
    }

    Order withShipment(Scheduled s) {
      return new Order(orderId, amount, paymentId, s.shipmentId());
    }
  }

  record Authorize(String orderId, long amount) { }

  record Authorized(String paymentId) { }

  record VoidPayment(String paymentId) { }

  record Schedule(String orderId) { }

  record Scheduled(String shipmentId) { }

  record CancelShipment(String shipmentId) { }

  /**
   * reserve-stock (local, writes a row; compensation deletes it) → authorize-payment (remote: timeout 600 ms, 2
   * attempts; void compensation confirmed by voided, 2 attempts) → schedule-shipping (remote, cancel compensation)
   * → confirm-order (local, fails above {@link #LIMIT}).
   */
  static final SagaDefinition<Order> ORDER = Saga.define("order.place", Order.class)
      .step("reserve-stock")
        .localRun(ctx -> update(ctx.connection(), "INSERT INTO stock_reservation (order_id) VALUES (?)", ctx.state().orderId()))
        .compensate(ctx -> update(ctx.connection(), "DELETE FROM stock_reservation WHERE order_id = ?", ctx.state().orderId()))
      .step("authorize-payment")
        .send(o -> Command.of(AUTHORIZE, new Authorize(o.orderId(), o.amount())).withSubject(o.orderId()))
        .onReply(AUTHORIZED, Authorized.class, Order::withPayment)
        .failOn(DECLINED)
        .timeout(TIMEOUT).retry(Retry.fixed(2, Duration.ofMillis(100)))
        .compensateWith(o -> Command.of(VOID, new VoidPayment(o.paymentId())).withSubject(o.orderId()))
          .confirmedBy(VOIDED).compensationFailsOn(VOID_FAILED)
          .compensationRetry(Retry.fixed(2, Duration.ofMillis(100)))
      .step("schedule-shipping")
        .send(o -> Command.of(SCHEDULE, new Schedule(o.orderId())).withSubject(o.orderId()))
        .onReply(SCHEDULED, Scheduled.class, Order::withShipment)
        .failOn(REJECTED)
        .timeout(TIMEOUT)
        .compensateWith(o -> Command.of(CANCEL, new CancelShipment(o.shipmentId())).withSubject(o.orderId()))
          .confirmedBy(CANCELLED)
      .step("confirm-order")
        .localRun(ctx -> {
          if (ctx.state().amount() > LIMIT) {
            throw new IllegalStateException("amount above the order limit");
          }
        })
      .build();

  protected SagaScenarioKit kit;

  /** @return a new kit; closed after each scenario */
  protected abstract SagaScenarioKit newKit();

  @BeforeEach
  void openKit() throws Exception {
    kit = withTables(newKit());
  }

  /** Creates the table the saga's local steps write to in the kit's database. */
  static <K extends SagaScenarioKit> K withTables(K kit) throws Exception {
    try (Connection c = kit.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS stock_reservation (order_id VARCHAR(64) PRIMARY KEY)");
    }
    return kit;
  }

  @AfterEach
  void closeKit() {
    if (kit != null) {
      kit.close();
    }
  }

  /** Participants that say yes to everything. */
  void everyoneAgrees() {
    kit.on(AUTHORIZE).replyWith(AUTHORIZED, c -> new Authorized("pay-" + c.subject()));
    kit.on(VOID).reply(VOIDED);
    kit.on(SCHEDULE).replyWith(SCHEDULED, c -> new Scheduled("ship-" + c.subject()));
    kit.on(CANCEL).reply(CANCELLED);
  }

  @Test
  void happyPathRunsEveryStepInOrder() throws Exception {
    everyoneAgrees();

    UUID id = kit.start(ORDER, Order.of("o-1", 500));
    kit.settle();

    kit.expect(id).status(SagaStatus.COMPLETED)
        .executed("reserve-stock", "authorize-payment", "schedule-shipping", "confirm-order")
        .compensated()
        .state(Order.class, o -> "pay-o-1".equals(o.paymentId()) && "ship-o-1".equals(o.shipmentId()));
    assertThat(reservations()).containsExactly("o-1");

    KitCommand authorize = kit.on(AUTHORIZE).received().get(0);
    SagaStep logged = step(id, "authorize-payment", StepPhase.EXECUTE, StepOutcome.SUCCEEDED);
    assertThat(authorize.payloadJson()).isEqualTo("{\"orderId\":\"o-1\",\"amount\":500}");
    assertThat(authorize.sagaId()).isEqualTo(id);
    assertThat(authorize.stepName()).isEqualTo("authorize-payment");
    assertThat(authorize.phase()).isEqualTo(StepPhase.EXECUTE);
    assertThat(authorize.sagaType()).isEqualTo("order.place");
    assertThat(authorize.subject()).isEqualTo("o-1");
    assertThat(authorize.commandId()).isEqualTo(logged.commandId());
    assertThat(authorize.id()).isEqualTo(logged.messageId());
    assertThat(authorize.headers()).containsEntry(Extensions.SAGA_ID, id.toString())
        .containsEntry(Extensions.SAGA_STEP, "authorize-payment")
        .containsEntry(Extensions.COMMAND_ID, logged.commandId().toString())
        .containsEntry(Extensions.CORRELATION_ID, id.toString());
    assertThat(logged.replyType()).isEqualTo(AUTHORIZED);
    assertThat(kit.on(VOID).received()).isEmpty();
    assertThat(kit.on(CANCEL).received()).isEmpty();
  }

  /** Where the saga fails, and which steps must be undone, latest first. */
  enum FailAt {
    AUTHORIZE_PAYMENT("authorize-payment", "reserve-stock"),
    SCHEDULE_SHIPPING("schedule-shipping", "authorize-payment", "reserve-stock"),
    CONFIRM_ORDER("confirm-order", "schedule-shipping", "authorize-payment", "reserve-stock");

    final String step;
    final String[] compensated;

    FailAt(String step, String... compensated) {
      this.step = step;
      this.compensated = compensated;
    }
  }

  @ParameterizedTest
  @EnumSource(FailAt.class)
  void aFailureAtEachStepCompensatesTheCompletedStepsInReverseOrder(FailAt failAt) throws Exception {
    everyoneAgrees();
    long amount = 500;
    switch (failAt) {
      case AUTHORIZE_PAYMENT -> kit.on(AUTHORIZE).reset().fail(DECLINED, new Reason("card declined"));
      case SCHEDULE_SHIPPING -> kit.on(SCHEDULE).reset().fail(REJECTED, new Reason("no courier"));
      case CONFIRM_ORDER -> amount = LIMIT + 1;
    }

    UUID id = kit.start(ORDER, Order.of("o-2", amount));
    kit.settle();

    kit.expect(id).status(SagaStatus.COMPENSATED)
        .loggedTimes(failAt.step, StepPhase.EXECUTE, StepOutcome.FAILED, 1)
        .compensated(failAt.compensated);
    assertThat(reservations()).as("the local compensation deleted the reservation").isEmpty();
    assertThat(kit.on(VOID).received()).hasSize(failAt == FailAt.AUTHORIZE_PAYMENT ? 0 : 1);
    assertThat(kit.on(CANCEL).received()).hasSize(failAt == FailAt.CONFIRM_ORDER ? 1 : 0);
    if (failAt != FailAt.CONFIRM_ORDER) {
      assertThat(kit.engine().find(id).orElseThrow().failureReason()).as("the failure reply's payload is the reason")
          .contains(failAt == FailAt.AUTHORIZE_PAYMENT ? "card declined" : "no courier");
    }
  }

  record Reason(String reason) { }

  @Test
  void lostRepliesAreRetriedThenCompensatedStartingWithTheTimedOutStep() throws Exception {
    everyoneAgrees();
    kit.on(AUTHORIZE).reset().noReply();

    UUID id = kit.start(ORDER, Order.of("o-3", 500));
    kit.settle();

    kit.expect(id).status(SagaStatus.COMPENSATED)
        .loggedTimes("authorize-payment", StepPhase.EXECUTE, StepOutcome.TIMED_OUT, 2)
        .executed("reserve-stock")
        .compensated("authorize-payment", "reserve-stock");
    List<KitCommand> sent = kit.on(AUTHORIZE).received();
    assertThat(sent).hasSize(2);
    assertThat(sent.get(1).commandId()).as("a retry keeps the command id").isEqualTo(sent.get(0).commandId());
    assertThat(sent.get(1).id()).as("but is a new message").isNotEqualTo(sent.get(0).id());
    assertThat(kit.on(VOID).received()).as("the timed-out step is compensated: its outcome is unknown").hasSize(1);
    assertThat(kit.on(SCHEDULE).received()).isEmpty();
    assertThat(reservations()).isEmpty();
  }

  @Test
  void aReplyLostOnceIsHealedByTheRetry() {
    everyoneAgrees();
    kit.on(AUTHORIZE).reset().noReply().reply(AUTHORIZED, new Authorized("pay-late"));

    UUID id = kit.start(ORDER, Order.of("o-4", 500));
    kit.settle();

    kit.expect(id).status(SagaStatus.COMPLETED)
        .loggedTimes("authorize-payment", StepPhase.EXECUTE, StepOutcome.TIMED_OUT, 1)
        .loggedTimes("authorize-payment", StepPhase.EXECUTE, StepOutcome.SUCCEEDED, 1)
        .state(Order.class, o -> "pay-late".equals(o.paymentId()));
  }

  @Test
  void aDuplicateReplyIsRecordedAndIgnored() {
    everyoneAgrees();
    kit.on(AUTHORIZE).reset().replyTwice(AUTHORIZED, new Authorized("pay-once"));

    UUID id = kit.start(ORDER, Order.of("o-5", 500));
    kit.settle();

    kit.expect(id).status(SagaStatus.COMPLETED)
        .executed("reserve-stock", "authorize-payment", "schedule-shipping", "confirm-order")
        .loggedTimes("authorize-payment", StepPhase.EXECUTE, StepOutcome.SUCCEEDED, 1)
        .loggedTimes("authorize-payment", StepPhase.EXECUTE, StepOutcome.DUPLICATE_REPLY, 1);
    assertThat(kit.on(SCHEDULE).received()).as("the duplicate moved nothing").hasSize(1);
  }

  @Test
  void aFailingCompensationIsRetriedThenParked() {
    everyoneAgrees();
    kit.on(SCHEDULE).reset().fail(REJECTED);
    kit.on(VOID).reset().fail(VOID_FAILED, new Reason("ledger closed"));

    UUID id = kit.start(ORDER, Order.of("o-6", 500));
    kit.settle();

    kit.expect(id).status(SagaStatus.COMPENSATION_FAILED)
        .loggedTimes("authorize-payment", StepPhase.COMPENSATE, StepOutcome.FAILED, 2)
        .compensated();
    assertThat(kit.on(VOID).received()).hasSize(2);
    assertThat(kit.on(VOID).received().get(1).commandId()).as("a failure reply gets a new command id")
        .isNotEqualTo(kit.on(VOID).received().get(0).commandId());
  }

  @Test
  void manySagasWithRepliesComputedFromTheCommands() throws Exception {
    kit.on(AUTHORIZE).react(c -> List.of(c.payloadJson().contains("\"amount\":666")
        ? kit.on(AUTHORIZE).replyTo(c, DECLINED, new Reason("suspicious"), UUID.randomUUID().toString())
        : kit.on(AUTHORIZE).replyTo(c, AUTHORIZED, new Authorized("pay-" + c.subject()), UUID.randomUUID().toString())));
    kit.on(SCHEDULE).replyWith(SCHEDULED, c -> new Scheduled("ship-" + c.subject()));

    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      ids.add(kit.start(ORDER, Order.of("m-" + i, i % 2 == 0 ? 100 + i : 666), "order-m-" + i));
    }
    assertThat(kit.start(ORDER, Order.of("m-0", 100), "order-m-0")).as("same caller key, same saga").isEqualTo(ids.get(0));
    kit.settle();

    for (int i = 0; i < ids.size(); i++) {
      if (i % 2 == 0) {
        kit.expect(ids.get(i)).status(SagaStatus.COMPLETED)
            .state(Order.class, o -> o.paymentId().equals("pay-" + o.orderId()) && o.shipmentId().equals("ship-" + o.orderId()));
      } else {
        kit.expect(ids.get(i)).status(SagaStatus.COMPENSATED).compensated("reserve-stock");
      }
    }
    assertThat(reservations()).containsExactlyInAnyOrder("m-0", "m-2", "m-4", "m-6");
    assertThat(kit.on(AUTHORIZE).received()).hasSize(8);
  }

  List<String> reservations() throws Exception {
    List<String> ids = new ArrayList<>();
    try (Connection c = kit.dataSource().getConnection(); Statement s = c.createStatement();
      ResultSet rs = s.executeQuery("SELECT order_id FROM stock_reservation ORDER BY order_id")) {
      while (rs.next()) {
        ids.add(rs.getString(1));
      }
    }
    return ids;
  }

  SagaStep step(UUID id, String step, StepPhase phase, StepOutcome outcome) {
    return kit.engine().find(id).orElseThrow().steps().stream()
        .filter(e -> e.stepName().equals(step) && e.phase() == phase && e.outcome() == outcome)
        .findFirst().orElseThrow();
  }

  static void update(Connection c, String sql, String orderId) throws Exception {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, orderId);
      ps.executeUpdate();
    }
  }
}
