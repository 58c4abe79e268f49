package dev.natsaga.saga.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.natsaga.saga.Command;
import dev.natsaga.saga.Retry;
import dev.natsaga.saga.Saga;
import dev.natsaga.saga.SagaDefinition;
import dev.natsaga.saga.SagaStatus;
import dev.natsaga.saga.StepOutcome;
import dev.natsaga.saga.StepPhase;
import java.time.Duration;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Given participants' replies, expect the saga's outcome: no NATS, an in-memory H2 database. */
class SagaTestKitTest {

  record Booking(String bookingId, LocalDate day, long amount, String paymentId) {
    Booking withPayment(Authorized a) {
      return new Booking(bookingId, day, amount, a.paymentId());
    }
  }

  record Authorize(String bookingId, long amount) { }

  record Authorized(String paymentId) { }

  record VoidPayment(String paymentId) { }

  static final SagaDefinition<Booking> BOOKING = Saga.define("booking.create", Booking.class)
      .step("authorize-payment")
        .send(b -> Command.of("payment.transaction.authorize.v1", new Authorize(b.bookingId(), b.amount())))
        .onReply("payment.transaction.authorized.v1", Authorized.class, Booking::withPayment)
        .failOn("payment.transaction.declined.v1")
        .timeout(Duration.ofSeconds(30)).retry(Retry.exponential(3, Duration.ofMillis(200)))
        .compensateWith(b -> Command.of("payment.transaction.void.v1", new VoidPayment(b.paymentId())))
      .step("confirm-booking")
        .local(ctx -> {
          if (ctx.state().amount() > 100_000) {
            throw new IllegalStateException("amount above the booking limit");
          }
          return ctx.state();
        })
      .build();

  @Test
  void givenAuthorizedPaymentTheBookingCompletes() {
    try (SagaTestKit kit = SagaTestKit.create()) {
      kit.on("payment.transaction.authorize.v1").reply("payment.transaction.authorized.v1", new Authorized("p-1"));
      UUID id = kit.start(BOOKING, new Booking("b-1", LocalDate.of(2030, 5, 1), 5_000, null));
      kit.settle();
      kit.expect(id).status(SagaStatus.COMPLETED).executed("authorize-payment", "confirm-booking")
          .state(Booking.class, b -> "p-1".equals(b.paymentId()) && b.day().equals(LocalDate.of(2030, 5, 1)));
      assertThat(kit.on("payment.transaction.authorize.v1").received().get(0).payloadJson())
          .isEqualTo("{\"bookingId\":\"b-1\",\"amount\":5000}");
    }
  }

  @Test
  void givenAFailingLocalStepThePaymentIsVoided() {
    try (SagaTestKit kit = SagaTestKit.create()) {
      kit.on("payment.transaction.authorize.v1").reply("payment.transaction.authorized.v1", new Authorized("p-2"));
      kit.on("payment.transaction.void.v1").reply("payment.transaction.voided.v1");
      UUID id = kit.start(BOOKING, new Booking("b-2", LocalDate.of(2030, 5, 1), 500_000, null));
      kit.settle();
      kit.expect(id).status(SagaStatus.COMPENSATED).compensated("authorize-payment")
          .logged("confirm-booking", StepPhase.EXECUTE, StepOutcome.FAILED);
      assertThat(kit.on("payment.transaction.void.v1").received().get(0).payloadJson()).contains("p-2");
    }
  }

  @Test
  void localStepsWriteToTheKitsDatabaseInsideTheSagaTransaction() throws Exception {
    SagaDefinition<Booking> holdSlot = Saga.define("slot.hold", Booking.class)
        .step("hold").localRun(ctx -> {
          try (var ps = ctx.connection().prepareStatement("INSERT INTO slot_hold VALUES (?)")) {
            ps.setString(1, ctx.state().bookingId());
            ps.executeUpdate();
          }
        })
        .build();
    try (SagaTestKit kit = SagaTestKit.create()) {
      try (var c = kit.dataSource().getConnection(); var st = c.createStatement()) {
        st.execute("CREATE TABLE slot_hold (booking_id VARCHAR(50) PRIMARY KEY)");
      }
      kit.expect(kit.start(holdSlot, new Booking("b-9", LocalDate.of(2030, 1, 1), 1, null))).status(SagaStatus.COMPLETED);
      UUID second = kit.start(holdSlot, new Booking("b-9", LocalDate.of(2030, 1, 1), 1, null));
      kit.expect(second).status(SagaStatus.COMPENSATED).logged("hold", StepPhase.EXECUTE, StepOutcome.FAILED);
    }
  }

  @Test
  void failedExpectationsPrintTheTimeline() {
    try (SagaTestKit kit = SagaTestKit.create()) {
      kit.on("payment.transaction.authorize.v1").reply("payment.transaction.declined.v1");
      UUID id = kit.start(BOOKING, new Booking("b-3", LocalDate.of(2030, 5, 1), 10, null));
      kit.settle();
      assertThatThrownBy(() -> kit.expect(id).status(SagaStatus.COMPLETED))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("expected status COMPLETED but was COMPENSATED")
          .satisfies(e -> assertThat(e.getMessage())
              .containsPattern("authorize-payment +EXECUTE +FAILED +payment.transaction.declined.v1"));
    }
  }
}
