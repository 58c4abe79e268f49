package dev.natsaga.saga.engine;

import static dev.natsaga.saga.engine.TravelSaga.CHARGE;
import static dev.natsaga.saga.engine.TravelSaga.CHARGED;
import static dev.natsaga.saga.engine.TravelSaga.FLIGHT_BOOK;
import static dev.natsaga.saga.engine.TravelSaga.FLIGHT_BOOKED;
import static dev.natsaga.saga.engine.TravelSaga.FLIGHT_CANCEL;
import static dev.natsaga.saga.engine.TravelSaga.FLIGHT_CANCELLED;
import static dev.natsaga.saga.engine.TravelSaga.HOTEL_BOOK;
import static dev.natsaga.saga.engine.TravelSaga.HOTEL_BOOKED;
import static dev.natsaga.saga.engine.TravelSaga.HOTEL_CANCEL;
import static dev.natsaga.saga.engine.TravelSaga.HOTEL_CANCELLED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.natsaga.saga.Command;
import dev.natsaga.saga.Saga;
import dev.natsaga.saga.SagaDefinition;
import dev.natsaga.saga.SagaStatus;
import dev.natsaga.saga.SagaView;
import dev.natsaga.saga.StepOutcome;
import dev.natsaga.saga.StepPhase;
import dev.natsaga.saga.engine.TravelSaga.Ref;
import dev.natsaga.saga.engine.TravelSaga.TravelState;
import dev.natsaga.saga.engine.TravelSaga.TripCommand;
import dev.natsaga.saga.store.SagaInstance;
import dev.natsaga.saga.testkit.SagaTestKit;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The saga's overall deadline: persisted at start, fires after a restart, compensates with the reason "deadline". */
abstract class SagaDeadlineContract extends EngineTest {

  /** reserve-budget (local), then book-flight waiting up to an hour for its reply; the saga may take 10 minutes. */
  private static final SagaDefinition<TravelState> SLOW = Saga.define("travel.slow", TravelState.class)
      .deadline(Duration.ofMinutes(10))
      .step("reserve-budget")
        .localRun(ctx -> TripSaga.effect(ctx, "budget-reserved"))
        .compensate(ctx -> TripSaga.effect(ctx, "budget-released"))
      .step("book-flight")
        .send(s -> Command.of(FLIGHT_BOOK, new TripCommand(s.tripId())))
        .onReply(FLIGHT_BOOKED, Ref.class, TravelState::withFlight)
        .timeout(Duration.ofHours(1))
        .compensateWith(s -> Command.of(FLIGHT_CANCEL, new TripCommand(s.tripId())))
      .build();

  @Test
  void theDeadlineIsPersistedAndFiresAfterARestartCompensatingTheStepItWaitsFor() throws Exception {
    kit.on(FLIGHT_BOOK).noReply();
    UUID id = kit.start(SLOW, TravelState.of("d-1"));
    kit.deliver();
    SagaInstance waiting = kit.store().findInstance(id).orElseThrow();
    assertThat(waiting.sagaDeadline()).isEqualTo(waiting.createdAt().plus(Duration.ofMinutes(10)));
    assertThat(waiting.deadline()).as("the earlier of the step's and the saga's deadline").isEqualTo(waiting.sagaDeadline());
    kit.advance(Duration.ofMinutes(9));
    assertThat(kit.engine().find(id).orElseThrow().status()).isEqualTo(SagaStatus.RUNNING);
    kit.close();

    kit = SagaTestKit.create(store).register(SLOW);
    kit.on(FLIGHT_CANCEL).reply(FLIGHT_CANCELLED);
    kit.advance(Duration.ofMinutes(11));

    kit.expect(id).status(SagaStatus.COMPENSATED).compensated("book-flight", "reserve-budget")
        .logged("book-flight", StepPhase.EXECUTE, StepOutcome.TIMED_OUT);
    SagaView view = kit.engine().find(id).orElseThrow();
    assertThat(view.failureReason()).isEqualTo("deadline");
    assertThat(view.steps()).anySatisfy(s -> assertThat(s.error()).contains("the saga's deadline passed"));
    assertThat(effects(id)).containsExactly("budget-reserved", "budget-released");
  }

  @Test
  void aSagaThatCompletesInTimeIsNotTouchedByItsDeadline() {
    kit.on(FLIGHT_BOOK).reply(FLIGHT_BOOKED, new Ref("F-1"));
    UUID id = kit.start(SLOW, TravelState.of("d-2"));
    kit.deliver();
    kit.advance(Duration.ofMinutes(20));
    kit.expect(id).status(SagaStatus.COMPLETED);
    assertThat(kit.store().findInstance(id).orElseThrow().deadline()).isNull();
  }

  @Test
  void theDeadlinePassingInsideAParallelGroupCompensatesEveryBranchInFlight() {
    SagaDefinition<TravelState> travel = TravelSaga.withDeadline(Duration.ofSeconds(3));
    kit.on(FLIGHT_BOOK).noReply();
    kit.on(HOTEL_BOOK).reply(HOTEL_BOOKED, new Ref("H-1"));
    kit.on(FLIGHT_CANCEL).reply(FLIGHT_CANCELLED);
    kit.on(HOTEL_CANCEL).reply(HOTEL_CANCELLED, new Ref("HC-1"));
    kit.on(CHARGE).reply(CHARGED);
    UUID id = kit.start(travel, TravelState.of("d-3"));
    kit.deliver();
    kit.advance(Duration.ofSeconds(4));   // before the flight's own 5 s timeout

    kit.expect(id).status(SagaStatus.COMPENSATED).compensated("book-hotel", "book-flight", "reserve-budget");
    assertThat(kit.engine().find(id).orElseThrow().failureReason()).isEqualTo("deadline");
    assertThat(kit.on(FLIGHT_BOOK).received()).as("no retry after the deadline").hasSize(1);
  }
}
