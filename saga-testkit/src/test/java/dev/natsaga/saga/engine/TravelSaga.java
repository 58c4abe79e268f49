package dev.natsaga.saga.engine;

import dev.natsaga.saga.Command;
import dev.natsaga.saga.Retry;
import dev.natsaga.saga.Saga;
import dev.natsaga.saga.SagaBuilder;
import dev.natsaga.saga.SagaDefinition;
import java.time.Duration;
import java.util.List;

/**
 * The parallel-group test saga: {@code reserve-budget} (local, writes a row, compensation writes one), then the
 * group {@code book-travel} with the branches {@code book-flight} (timeout 5 s, 2 attempts, cancel compensation) and
 * {@code book-hotel} (timeout 8 s, 1 attempt, a cancel compensation whose reply is recorded in the state), then
 * {@code confirm} (local, writes a row) and {@code charge} (remote, can be declined).
 */
final class TravelSaga {

  static final String FLIGHT_BOOK = "travel.flight.book.v1";
  static final String FLIGHT_BOOKED = "travel.flight.booked.v1";
  static final String FLIGHT_UNAVAILABLE = "travel.flight.rejected.v1";
  static final String FLIGHT_CANCEL = "travel.flight.cancel.v1";
  static final String FLIGHT_CANCELLED = "travel.flight.cancelled.v1";
  static final String HOTEL_BOOK = "travel.hotel.book.v1";
  static final String HOTEL_BOOKED = "travel.hotel.booked.v1";
  static final String HOTEL_FULL = "travel.hotel.refused.v1";
  static final String HOTEL_CANCEL = "travel.hotel.cancel.v1";
  static final String HOTEL_CANCELLED = "travel.hotel.cancelled.v1";
  static final String CHARGE = "payment.card.charge.v1";
  static final String CHARGED = "payment.card.charged.v1";
  static final String DECLINED = "payment.card.declined.v1";

  static final List<String> STEPS = List.of("reserve-budget", "book-flight", "book-hotel", "confirm", "charge");

  /** Saga state: the refs the participants return, and what the hotel's cancellation recorded. */
  record TravelState(String tripId, String flightRef, String hotelRef, String hotelCancellation) {
    static TravelState of(String tripId) {
      return new TravelState(tripId, null, null, null);
    }

    TravelState withFlight(Ref ref) {
      return new TravelState(tripId, ref.ref(), hotelRef, hotelCancellation);
    }

    TravelState withHotel(Ref ref) {
      return new TravelState(tripId, flightRef, ref.ref(), hotelCancellation);
    }

    TravelState withHotelCancellation(Ref ref) {
      return new TravelState(tripId, flightRef, hotelRef, ref.ref());
    }
  }

  /** A reference a participant returns (booking, cancellation). */
  record Ref(String ref) { }

  record TripCommand(String tripId) { }

  static SagaDefinition<TravelState> definition() {
    return definition(Saga.define("travel.book", TravelState.class));
  }

  /** The same saga, version 2, which must complete within {@code deadline}. */
  static SagaDefinition<TravelState> withDeadline(Duration deadline) {
    return definition(Saga.define("travel.book", TravelState.class).version(2).deadline(deadline));
  }

  private static SagaDefinition<TravelState> definition(SagaBuilder.Start<TravelState> saga) {
    return saga
        .step("reserve-budget")
          .localRun(ctx -> TripSaga.effect(ctx, "budget-reserved"))
          .compensate(ctx -> TripSaga.effect(ctx, "budget-released"))
        .parallel("book-travel")
          .branch("book-flight")
            .send(s -> Command.of(FLIGHT_BOOK, new TripCommand(s.tripId())))
            .onReply(FLIGHT_BOOKED, Ref.class, TravelState::withFlight)
            .failOn(FLIGHT_UNAVAILABLE)
            .timeout(Duration.ofSeconds(5)).retry(Retry.fixed(2, Duration.ofSeconds(1)))
            .compensateWith(s -> Command.of(FLIGHT_CANCEL, new TripCommand(s.tripId())))
              .confirmedBy(FLIGHT_CANCELLED)
          .branch("book-hotel")
            .send(s -> Command.of(HOTEL_BOOK, new TripCommand(s.tripId())))
            .onReply(HOTEL_BOOKED, Ref.class, TravelState::withHotel)
            .failOn(HOTEL_FULL)
            .timeout(Duration.ofSeconds(8))
            .compensateWith(s -> Command.of(HOTEL_CANCEL, new TripCommand(s.tripId())))
              .onCompensationReply(HOTEL_CANCELLED, Ref.class, TravelState::withHotelCancellation)
          .join()
        .step("confirm")
          .localRun(ctx -> TripSaga.effect(ctx, "confirmed"))
        .step("charge")
          .send(s -> Command.of(CHARGE, new TripCommand(s.tripId())))
          .onReply(CHARGED)
          .failOn(DECLINED)
        .build();
  }

  private TravelSaga() {
  }
}
