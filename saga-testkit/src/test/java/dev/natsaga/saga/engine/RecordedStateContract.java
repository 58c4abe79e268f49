package dev.natsaga.saga.engine;

import static dev.natsaga.saga.engine.TravelSaga.FLIGHT_BOOK;
import static dev.natsaga.saga.engine.TravelSaga.FLIGHT_BOOKED;
import static dev.natsaga.saga.engine.TravelSaga.FLIGHT_UNAVAILABLE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.natsaga.saga.Command;
import dev.natsaga.saga.Saga;
import dev.natsaga.saga.SagaDefinition;
import dev.natsaga.saga.SagaStatus;
import dev.natsaga.saga.SagaStep;
import dev.natsaga.saga.SagaView;
import dev.natsaga.saga.StepPhase;
import dev.natsaga.saga.engine.TravelSaga.Ref;
import dev.natsaga.saga.engine.TravelSaga.TravelState;
import dev.natsaga.saga.engine.TravelSaga.TripCommand;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Steps and compensations that change the state: the change is kept and the step log row shows it. */
abstract class RecordedStateContract extends EngineTest {

  /** A local step recording a budget ref, undone by a local compensation recording what it did; then a flight. */
  private static final SagaDefinition<TravelState> RECORDING = Saga.define("travel.recording", TravelState.class)
      .step("reserve-budget")
        .local(ctx -> new TravelState(ctx.state().tripId(), null, "budget-7", null))
        .compensateAndRecord(ctx -> {
          TripSaga.effect(ctx, "budget-released");
          return new TravelState(ctx.state().tripId(), ctx.state().flightRef(), ctx.state().hotelRef(), "released budget-7");
        })
      .step("book-flight")
        .send(s -> Command.of(FLIGHT_BOOK, new TripCommand(s.tripId())))
        .onReply(FLIGHT_BOOKED, Ref.class, TravelState::withFlight)
        .failOn(FLIGHT_UNAVAILABLE)
      .build();

  @Test
  void aLocalCompensationsStateChangeIsKeptAndShownInTheStepLogAndTheQueryApi() throws Exception {
    kit.on(FLIGHT_BOOK).fail(FLIGHT_UNAVAILABLE);
    UUID id = kit.start(RECORDING, TravelState.of("r-1"));
    kit.settle();

    kit.expect(id).status(SagaStatus.COMPENSATED).compensated("reserve-budget");
    SagaView view = kit.engine().find(id).orElseThrow();
    assertThat(kit.engine().findState(id, TravelState.class).orElseThrow().hotelCancellation()).isEqualTo("released budget-7");
    assertThat(row(view, "reserve-budget", StepPhase.EXECUTE).stateChange()).isEqualTo("{\"hotelRef\":\"budget-7\"}");
    assertThat(row(view, "reserve-budget", StepPhase.COMPENSATE).stateChange())
        .isEqualTo("{\"hotelCancellation\":\"released budget-7\"}");
    assertThat(effects(id)).containsExactly("budget-released");
  }

  @Test
  void aReplyThatChangesTheStateShowsTheChangeAndOneThatDoesNotShowsNothing() {
    kit.on(FLIGHT_BOOK).reply(FLIGHT_BOOKED, new Ref("F-1"));
    UUID id = kit.start(RECORDING, TravelState.of("r-2"));
    kit.settle();
    SagaView view = kit.engine().find(id).orElseThrow();
    assertThat(view.status()).isEqualTo(SagaStatus.COMPLETED);
    assertThat(row(view, "book-flight", StepPhase.EXECUTE).stateChange()).isEqualTo("{\"flightRef\":\"F-1\"}");

    kit.on(FLIGHT_BOOK).reset().reply(FLIGHT_BOOKED, new Ref(null));
    UUID unchanged = kit.start(RECORDING, TravelState.of("r-3"));
    kit.settle();
    assertThat(row(kit.engine().find(unchanged).orElseThrow(), "book-flight", StepPhase.EXECUTE).stateChange()).isNull();
  }

  private static SagaStep row(SagaView view, String step, StepPhase phase) {
    return view.steps().stream().filter(s -> s.stepName().equals(step) && s.phase() == phase).findFirst().orElseThrow();
  }
}
