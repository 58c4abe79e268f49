package dev.natsaga.saga.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.natsaga.framework.Extensions;
import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.saga.Command;
import dev.natsaga.saga.OutcomeHook;
import dev.natsaga.saga.Retry;
import dev.natsaga.saga.Saga;
import dev.natsaga.saga.SagaBuilder;
import dev.natsaga.saga.SagaDefinition;
import dev.natsaga.saga.SagaDefinitionException;
import dev.natsaga.saga.SagaOutcomeHookException;
import dev.natsaga.saga.SagaStatus;
import dev.natsaga.saga.testkit.SagaTestKit;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The outcome hooks run in the saga's final transaction with the typed final state: their rows and events commit with
 * the final status, a throwing hook rolls it all back, and the events go out through the outbox relay.
 */
class OutcomeHookTest {

  static final String AUTHORIZE = "payment.transaction.authorize.v1";
  static final String AUTHORIZED = "payment.transaction.authorized.v1";
  static final String DECLINED = "payment.transaction.declined.v1";
  static final String CONFIRMED = "booking.appointment.confirmed.v1";
  static final String CANCELLED = "booking.appointment.cancelled.v1";

  /** Saga state. */
  record Booking(String bookingId, int amount) {
  }

  /** The outcome events' payload. */
  record Outcome(String bookingId, String reason) {
  }

  static SagaDefinition<Booking> booking(OutcomeHook<Booking> onCompleted) {
    SagaBuilder.Outcomes<Booking> steps = Saga.define("booking.create", Booking.class)
        .step("reserve-slot")
          .localRun(ctx -> execute(ctx.connection(), "INSERT INTO slot (booking_id) VALUES ('" + ctx.state().bookingId() + "')"))
          .compensate(ctx -> execute(ctx.connection(), "DELETE FROM slot WHERE booking_id = '" + ctx.state().bookingId() + "'"))
        .step("authorize-payment")
          .send(b -> Command.of(AUTHORIZE, b).withSubject(b.bookingId()))
          .onReply(AUTHORIZED)
          .failOn(DECLINED)
          .timeout(Duration.ofSeconds(5)).retry(Retry.none())
        .onCompleted(onCompleted)
        .onCompensated((state, outcome) -> {
          execute(outcome.connection(), "INSERT INTO booking_outcome (booking_id, status) VALUES ('" + state.bookingId()
              + "', 'CANCELLED')");
          outcome.publish(OutgoingEvent.event(CANCELLED, new Outcome(state.bookingId(), outcome.reason()))
              .subject(state.bookingId()).build());
        });
    return steps.build();
  }

  static final OutcomeHook<Booking> CONFIRM = (state, outcome) -> {
    execute(outcome.connection(), "INSERT INTO booking_outcome (booking_id, status) VALUES ('" + state.bookingId()
        + "', 'CONFIRMED')");
    outcome.publish(OutgoingEvent.event(CONFIRMED, new Outcome(state.bookingId(), null)).subject(state.bookingId()).build());
  };

  @Test
  void onCompletedWritesItsRowAndPublishesItsEventInTheFinalTransaction() throws Exception {
    try (SagaTestKit kit = kit()) {
      kit.on(AUTHORIZE).reply(AUTHORIZED);
      UUID id = kit.start(booking(CONFIRM), new Booking("b-1", 100));
      kit.settle();

      kit.expect(id).status(SagaStatus.COMPLETED);
      assertThat(outcomes(kit)).containsExactly("b-1=CONFIRMED");
      OutgoingEvent<?> confirmed = published(kit, CONFIRMED).get(0);
      assertThat(confirmed.subject()).isEqualTo("b-1");
      assertThat(confirmed.extensions()).as("correlated with the saga").containsEntry(Extensions.CORRELATION_ID, id.toString());
      assertThat(new String((byte[]) confirmed.data())).isEqualTo("{\"bookingId\":\"b-1\",\"reason\":null}");
      assertThat(published(kit, CANCELLED)).isEmpty();
    }
  }

  @Test
  void onCompensatedSeesTheReasonAndRunsAfterEveryCompensation() throws Exception {
    try (SagaTestKit kit = kit()) {
      kit.on(AUTHORIZE).fail(DECLINED);
      UUID id = kit.start(booking(CONFIRM), new Booking("b-2", 100));
      kit.settle();

      kit.expect(id).status(SagaStatus.COMPENSATED).compensated("reserve-slot");
      assertThat(outcomes(kit)).containsExactly("b-2=CANCELLED");
      assertThat(count(kit, "SELECT COUNT(*) FROM slot")).as("the slot was released first").isZero();
      String payload = new String((byte[]) published(kit, CANCELLED).get(0).data());
      assertThat(payload).contains("step 'authorize-payment' failed").contains(DECLINED);
    }
  }

  @Test
  void aThrowingHookRollsBackTheFinalTransactionAndTheSagaFinishesWhenItSucceeds() throws Exception {
    AtomicInteger failures = new AtomicInteger(1);
    OutcomeHook<Booking> flaky = (state, outcome) -> {
      CONFIRM.run(state, outcome);
      if (failures.getAndDecrement() > 0) {
        throw new IllegalStateException("bookings table locked");
      }
    };
    try (SagaTestKit kit = kit()) {
      kit.on(AUTHORIZE).reply(AUTHORIZED);
      UUID id = kit.start(booking(flaky), new Booking("b-3", 100));
      assertThatThrownBy(kit::deliver).isInstanceOf(SagaOutcomeHookException.class)
          .hasMessageContaining("COMPLETED hook of saga " + id).hasMessageContaining("bookings table locked");
      kit.expect(id).status(SagaStatus.RUNNING);
      assertThat(outcomes(kit)).as("the hook's row rolled back with the status").isEmpty();
      assertThat(published(kit, CONFIRMED)).isEmpty();

      kit.reply(kit.on(AUTHORIZE).replyTo(kit.on(AUTHORIZE).received().get(0), AUTHORIZED, null, "retry-1"));
      kit.deliver();
      kit.expect(id).status(SagaStatus.COMPLETED);
      assertThat(outcomes(kit)).containsExactly("b-3=CONFIRMED");
      assertThat(published(kit, CONFIRMED)).hasSize(1);
    }
  }

  @Test
  void aHookIsDeclaredOnceAtMost() {
    SagaBuilder.Outcomes<Booking> outcomes = Saga.define("booking.twice", Booking.class)
        .step("only").localRun(ctx -> { }).onCompleted(CONFIRM);
    assertThatThrownBy(() -> outcomes.onCompleted(CONFIRM)).isInstanceOf(SagaDefinitionException.class)
        .hasMessageContaining("onCompleted is declared twice");
  }

  private static SagaTestKit kit() throws Exception {
    SagaTestKit kit = SagaTestKit.create();
    try (Connection c = kit.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE slot (booking_id VARCHAR(40) PRIMARY KEY)");
      s.execute("CREATE TABLE booking_outcome (booking_id VARCHAR(40) PRIMARY KEY, status VARCHAR(20))");
    }
    return kit;
  }

  private static List<OutgoingEvent<?>> published(SagaTestKit kit, String type) {
    kit.deliver();
    return kit.publisher().published().stream().filter(e -> e.type().name().equals(type)).toList();
  }

  private static List<String> outcomes(SagaTestKit kit) throws Exception {
    try (Connection c = kit.dataSource().getConnection(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT booking_id, status FROM booking_outcome ORDER BY booking_id")) {
      List<String> rows = new java.util.ArrayList<>();
      while (rs.next()) {
        rows.add(rs.getString(1) + "=" + rs.getString(2));
      }
      return rows;
    }
  }

  private static long count(SagaTestKit kit, String sql) throws Exception {
    try (Connection c = kit.dataSource().getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void execute(Connection c, String sql) throws Exception {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.executeUpdate();
    }
  }
}
