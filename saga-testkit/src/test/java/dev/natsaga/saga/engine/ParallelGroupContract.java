package dev.natsaga.saga.engine;

import static dev.natsaga.saga.engine.TravelSaga.CHARGE;
import static dev.natsaga.saga.engine.TravelSaga.CHARGED;
import static dev.natsaga.saga.engine.TravelSaga.DECLINED;
import static dev.natsaga.saga.engine.TravelSaga.FLIGHT_BOOK;
import static dev.natsaga.saga.engine.TravelSaga.FLIGHT_BOOKED;
import static dev.natsaga.saga.engine.TravelSaga.FLIGHT_CANCEL;
import static dev.natsaga.saga.engine.TravelSaga.FLIGHT_CANCELLED;
import static dev.natsaga.saga.engine.TravelSaga.HOTEL_BOOK;
import static dev.natsaga.saga.engine.TravelSaga.HOTEL_BOOKED;
import static dev.natsaga.saga.engine.TravelSaga.HOTEL_CANCEL;
import static dev.natsaga.saga.engine.TravelSaga.HOTEL_CANCELLED;
import static dev.natsaga.saga.engine.TravelSaga.HOTEL_FULL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.natsaga.saga.ReplyDisposition;
import dev.natsaga.saga.SagaDefinition;
import dev.natsaga.saga.SagaStatus;
import dev.natsaga.saga.SagaStep;
import dev.natsaga.saga.StepOutcome;
import dev.natsaga.saga.StepPhase;
import dev.natsaga.saga.engine.TravelSaga.Ref;
import dev.natsaga.saga.engine.TravelSaga.TravelState;
import dev.natsaga.saga.testkit.KitCommand;
import dev.natsaga.saga.testkit.SagaTestKit;
import dev.natsaga.saga.testkit.ScriptedParticipant;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Parallel groups (fork/join): sent together, joined in any order, compensated branch by branch, persisted. */
abstract class ParallelGroupContract extends EngineTest {

  private final SagaDefinition<TravelState> travel = TravelSaga.definition();

  private ScriptedParticipant flight() {
    return kit.on(FLIGHT_BOOK);
  }

  private ScriptedParticipant hotel() {
    return kit.on(HOTEL_BOOK);
  }

  private void cancellationsSucceed() {
    kit.on(FLIGHT_CANCEL).reply(FLIGHT_CANCELLED);
    kit.on(HOTEL_CANCEL).reply(HOTEL_CANCELLED, new Ref("HC-9"));
  }

  private void answer(ScriptedParticipant participant, String type, Object payload) {
    KitCommand command = participant.received().get(participant.received().size() - 1);
    assertThat(kit.reply(participant.replyTo(command, type, payload, UUID.randomUUID().toString())))
        .isEqualTo(ReplyDisposition.APPLIED);
    kit.deliver();
  }

  @Test
  void bothBranchesAreSentInOneTransactionAndJoinInAnyOrder() throws Exception {
    flight().noReply();
    hotel().noReply();
    kit.on(CHARGE).reply(CHARGED);
    UUID id = kit.start(travel, TravelState.of("t-1"));
    assertThat(count("SELECT COUNT(*) FROM natsaga_outbox WHERE published_at IS NULL")).isEqualTo(2);
    kit.deliver();
    assertThat(flight().received()).hasSize(1);
    assertThat(hotel().received()).hasSize(1);
    assertThat(flight().received().get(0).commandId()).isNotEqualTo(hotel().received().get(0).commandId());

    answer(hotel(), HOTEL_BOOKED, new Ref("H-1"));
    assertThat(kit.engine().find(id).orElseThrow().status()).isEqualTo(SagaStatus.RUNNING);
    assertThat(effects(id)).containsExactly("budget-reserved");
    answer(flight(), FLIGHT_BOOKED, new Ref("F-1"));

    // the step log lists attempts in the order they were opened: both branches at the fork
    kit.expect(id).status(SagaStatus.COMPLETED).executed("reserve-budget", "book-flight", "book-hotel", "confirm", "charge")
        .state(TravelState.class, s -> "F-1".equals(s.flightRef()) && "H-1".equals(s.hotelRef()));
    assertThat(effects(id)).containsExactly("budget-reserved", "confirmed");
    assertThat(kit.store().findInstance(id).orElseThrow().branchesJson()).isNull();
  }

  @Test
  void aFailingBranchWaitsForTheOtherThenCompensatesWhatCompletedAndTheStepsBefore() throws Exception {
    flight().noReply();
    hotel().fail(HOTEL_FULL, new Ref("no rooms"));
    cancellationsSucceed();
    UUID id = kit.start(travel, TravelState.of("t-2"));
    kit.deliver();
    assertThat(kit.engine().find(id).orElseThrow().status()).isEqualTo(SagaStatus.COMPENSATING);
    assertThat(kit.on(FLIGHT_CANCEL).received()).as("no compensation while the flight is in flight").isEmpty();

    answer(flight(), FLIGHT_BOOKED, new Ref("F-2"));
    kit.expect(id).status(SagaStatus.COMPENSATED).compensated("book-flight", "reserve-budget")
        .logged("book-hotel", StepPhase.COMPENSATE, StepOutcome.SKIPPED);
    assertThat(kit.on(HOTEL_CANCEL).received()).isEmpty();
    assertThat(kit.engine().find(id).orElseThrow().failureReason()).contains("book-hotel").contains(HOTEL_FULL)
        .contains("no rooms");
    assertThat(effects(id)).containsExactly("budget-reserved", "budget-released");
  }

  @Test
  void aBranchTimingOutRetriesWithItsCommandIdThenCompensatesBothBranchesAndRecordsTheCancellation() throws Exception {
    flight().noReply();
    hotel().reply(HOTEL_BOOKED, new Ref("H-3"));
    cancellationsSucceed();
    UUID id = kit.start(travel, TravelState.of("t-3"));
    kit.settle();

    List<KitCommand> flights = flight().received();
    assertThat(flights).hasSize(2);
    assertThat(flights.get(1).commandId()).isEqualTo(flights.get(0).commandId());
    assertThat(flights.get(1).id()).isNotEqualTo(flights.get(0).id());
    kit.expect(id).status(SagaStatus.COMPENSATED)
        .compensated("book-hotel", "book-flight", "reserve-budget")
        .loggedTimes("book-flight", StepPhase.EXECUTE, StepOutcome.TIMED_OUT, 2)
        .state(TravelState.class, s -> "HC-9".equals(s.hotelCancellation()));
    SagaStep hotelUndo = kit.engine().find(id).orElseThrow().steps().stream()
        .filter(s -> s.stepName().equals("book-hotel") && s.phase() == StepPhase.COMPENSATE).findFirst().orElseThrow();
    assertThat(hotelUndo.stateChange()).isEqualTo("{\"hotelCancellation\":\"HC-9\"}");
    assertThat(kit.engine().find(id).orElseThrow().failureReason()).contains("book-flight").contains("timed out after 2");
  }

  @Test
  void aLaterStepFailingCompensatesEveryBranchOfTheJoinedGroup() throws Exception {
    flight().reply(FLIGHT_BOOKED, new Ref("F-4"));
    hotel().reply(HOTEL_BOOKED, new Ref("H-4"));
    kit.on(CHARGE).fail(DECLINED);
    cancellationsSucceed();
    UUID id = kit.start(travel, TravelState.of("t-4"));
    kit.settle();
    kit.expect(id).status(SagaStatus.COMPENSATED).compensated("book-hotel", "book-flight", "reserve-budget");
  }

  @Test
  void aRestartInsideTheGroupContinuesIt() throws Exception {
    flight().noReply();
    hotel().reply(HOTEL_BOOKED, new Ref("H-5"));
    kit.on(CHARGE).reply(CHARGED);
    UUID id = kit.start(travel, TravelState.of("t-5"));
    kit.deliver();
    KitCommand flightCommand = flight().received().get(0);
    kit.close();

    kit = SagaTestKit.create(store).register(travel);
    kit.on(CHARGE).reply(CHARGED);
    assertThat(kit.reply(flight().replyTo(flightCommand, FLIGHT_BOOKED, new Ref("F-5"), "r-5")))
        .isEqualTo(ReplyDisposition.APPLIED);
    kit.deliver();
    kit.expect(id).status(SagaStatus.COMPLETED)
        .state(TravelState.class, s -> "F-5".equals(s.flightRef()) && "H-5".equals(s.hotelRef()));
  }

  @Test
  void aTimeoutDueAfterARestartIsActedOnWithTheSameCommandId() {
    flight().noReply();
    hotel().reply(HOTEL_BOOKED, new Ref("H-6"));
    UUID id = kit.start(travel, TravelState.of("t-6"));
    kit.deliver();
    UUID commandId = flight().received().get(0).commandId();
    kit.close();

    kit = SagaTestKit.create(store).register(travel);
    kit.on(FLIGHT_BOOK).reply(FLIGHT_BOOKED, new Ref("F-6"));
    kit.on(CHARGE).reply(CHARGED);
    kit.advance(Duration.ofSeconds(6));   // past the 5 s reply timeout: the retry is scheduled 1 s later
    assertThat(kit.on(FLIGHT_BOOK).received()).isEmpty();
    kit.advance(Duration.ofSeconds(2));
    assertThat(kit.on(FLIGHT_BOOK).received()).singleElement().extracting(KitCommand::commandId).isEqualTo(commandId);
    kit.expect(id).status(SagaStatus.COMPLETED);
  }

  @Test
  void repliesToDifferentBranchesRacingOnTwoEnginesAreBothApplied() throws Exception {
    flight().noReply();
    hotel().noReply();
    kit.on(CHARGE).reply(CHARGED);
    int sagas = 20;
    List<UUID> ids = new java.util.ArrayList<>();
    for (int i = 0; i < sagas; i++) {
      ids.add(kit.start(travel, TravelState.of("t-race-" + i)));
    }
    kit.deliver();
    try (var second = secondStore(); SagaTestKit other = SagaTestKit.create(second).register(travel)) {
      java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
      try {
        var a = pool.submit(() -> flight().received().forEach(c -> kit.reply(flight().replyTo(c, FLIGHT_BOOKED,
            new Ref("F"), "f-" + c.sagaId()))));
        var b = pool.submit(() -> hotel().received().forEach(c -> other.reply(hotel().replyTo(c, HOTEL_BOOKED,
            new Ref("H"), "h-" + c.sagaId()))));
        a.get();
        b.get();
      } finally {
        pool.shutdown();
      }
    }
    kit.deliver();
    for (UUID id : ids) {
      kit.expect(id).status(SagaStatus.COMPLETED).state(TravelState.class, s -> "F".equals(s.flightRef()) && "H".equals(s.hotelRef()));
    }
    assertThat(kit.on(CHARGE).received()).hasSize(sagas);
  }
}
