package dev.natsaga.saga.engine;

import dev.natsaga.saga.Command;
import dev.natsaga.saga.Retry;
import dev.natsaga.saga.Saga;
import dev.natsaga.saga.SagaDefinition;
import dev.natsaga.saga.StepContext;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The test saga: local step with local compensation, remote step with remote compensation, local step
 * without compensation, remote step, local step. Faults are injected through the counters and {@code failAt}.
 */
final class TripSaga {

  static final String BOOK = "travel.flight.book.v1";
  static final String BOOKED = "travel.flight.booked.v1";
  static final String UNAVAILABLE = "travel.flight.rejected.v1";
  static final String CANCEL = "travel.flight.cancel.v1";
  static final String CANCELLED = "travel.flight.cancelled.v1";
  static final String CANCEL_FAILED = "travel.flight.cancel-failed.v1";
  static final String CHARGE = "payment.card.charge.v1";
  static final String CHARGED = "payment.card.charged.v1";
  static final String DECLINED = "payment.card.declined.v1";
  static final String REFUND = "payment.card.refund.v1";
  static final String REFUNDED = "payment.card.refunded.v1";

  static final List<String> STEPS = List.of("reserve-room", "book-flight", "notify", "charge-card", "confirm");

  /** Saga state. */
  record TripState(String tripId, String failAt, String flightRef, String chargeRef, boolean confirmed) {
    static TripState of(String tripId) {
      return new TripState(tripId, null, null, null, false);
    }

    TripState failingAt(String step) {
      return new TripState(tripId, step, flightRef, chargeRef, confirmed);
    }

    TripState withFlight(FlightBooked booked) {
      return new TripState(tripId, failAt, booked.ref(), chargeRef, confirmed);
    }

    TripState withCharge(CardCharged charged) {
      return new TripState(tripId, failAt, flightRef, charged.ref(), confirmed);
    }

    TripState confirm() {
      return new TripState(tripId, failAt, flightRef, chargeRef, true);
    }
  }

  record BookFlight(String tripId) { }

  record FlightBooked(String ref) { }

  record CancelFlight(String ref) { }

  record ChargeCard(String tripId) { }

  record CardCharged(String ref) { }

  record RefundCard(String ref) { }

  /** Local compensation of reserve-room fails while this is positive. */
  final AtomicInteger releaseFailures = new AtomicInteger();
  /** The notify step sleeps 300 ms while this is positive (to widen race windows). */
  final AtomicInteger slowNotifies = new AtomicInteger();

  SagaDefinition<TripState> definition() {
    return Saga.define("trip.book", TripState.class)
        .version(1)
        .step("reserve-room")
          .localRun(ctx -> {
            failIf(ctx, "reserve-room");
            effect(ctx, "room-reserved");
          })
          .compensate(this::releaseRoom)
        .step("book-flight")
          .send(s -> Command.of(BOOK, new BookFlight(s.tripId())).withSubject(s.tripId()))
          .onReply(BOOKED, FlightBooked.class, TripState::withFlight)
          .failOn(UNAVAILABLE)
          .timeout(Duration.ofSeconds(10)).retry(Retry.exponential(3, Duration.ofSeconds(1)))
          .compensateWith(s -> Command.of(CANCEL, new CancelFlight(s.flightRef())))
          .confirmedBy(CANCELLED).compensationFailsOn(CANCEL_FAILED)
          .compensationRetry(Retry.fixed(4, Duration.ofSeconds(2)))
        .step("notify")
          .localRun(this::notifyTraveller)
        .step("charge-card")
          .send(s -> Command.of(CHARGE, new ChargeCard(s.tripId())))
          .onReply(CHARGED, CardCharged.class, TripState::withCharge)
          .failOn(DECLINED)
          .compensateWith(s -> Command.of(REFUND, new RefundCard(s.chargeRef())))
        .step("confirm")
          .local(ctx -> {
            effect(ctx, "confirmed");
            failIf(ctx, "confirm");
            return ctx.state().confirm();
          })
        .build();
  }

  private void releaseRoom(StepContext<TripState> ctx) throws SQLException {
    if (releaseFailures.getAndDecrement() > 0) {
      throw new IllegalStateException("hotel system down");
    }
    effect(ctx, "room-released");
  }

  private void notifyTraveller(StepContext<TripState> ctx) throws Exception {
    if (slowNotifies.getAndDecrement() > 0) {
      Thread.sleep(300);
    }
    failIf(ctx, "notify");
    effect(ctx, "notified");
  }

  private static void failIf(StepContext<TripState> ctx, String step) {
    if (step.equals(ctx.state().failAt())) {
      throw new IllegalStateException(step + " refused");
    }
  }

  static void effect(StepContext<?> ctx, String effect) throws SQLException {
    try (PreparedStatement ps = ctx.connection().prepareStatement("INSERT INTO test_effect (saga_id, effect) VALUES (?, ?)")) {
      ps.setObject(1, ctx.sagaId());
      ps.setString(2, effect);
      ps.executeUpdate();
    }
  }
}
