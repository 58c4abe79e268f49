package dev.natsaga.saga.engine;

import static dev.natsaga.saga.engine.TripSaga.BOOK;
import static dev.natsaga.saga.engine.TripSaga.BOOKED;
import static dev.natsaga.saga.engine.TripSaga.CANCEL;
import static dev.natsaga.saga.engine.TripSaga.CANCELLED;
import static dev.natsaga.saga.engine.TripSaga.CANCEL_FAILED;
import static dev.natsaga.saga.engine.TripSaga.CHARGE;
import static dev.natsaga.saga.engine.TripSaga.DECLINED;
import static dev.natsaga.saga.engine.TripSaga.UNAVAILABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.natsaga.framework.Extensions;
import dev.natsaga.saga.SagaStatus;
import dev.natsaga.saga.SagaStep;
import dev.natsaga.saga.SagaView;
import dev.natsaga.saga.StepOutcome;
import dev.natsaga.saga.StepPhase;
import dev.natsaga.saga.engine.TripSaga.FlightBooked;
import dev.natsaga.saga.engine.TripSaga.TripState;
import dev.natsaga.saga.store.SagaInstance;
import dev.natsaga.saga.store.SagaStoreException;
import dev.natsaga.saga.store.StepLogEntry;
import dev.natsaga.saga.testkit.KitCommand;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The saga state machine: happy path, failures at every step, timeouts and compensation retries. */
abstract class SagaEngineContract extends EngineTest {

  @Test
  void happyPathExecutesEveryStepAndLogsEach() throws Exception {
    happyParticipants();
    UUID id = startTrip(TripState.of("trip-1"));
    kit.settle();

    kit.expect(id).status(SagaStatus.COMPLETED).executed(TripSaga.STEPS.toArray(String[]::new)).compensated()
        .state(TripState.class, s -> s.confirmed() && "FL-1".equals(s.flightRef()) && "CH-1".equals(s.chargeRef()));
    SagaView view = kit.engine().find(id).orElseThrow();
    assertThat(view.steps()).extracting(SagaStep::stepName).containsExactlyElementsOf(TripSaga.STEPS);
    assertThat(view.steps()).allSatisfy(e -> assertThat(e.finishedAt()).isNotNull());
    assertThat(view).extracting(SagaView::stepName, SagaView::deadline).containsExactly(null, null);
    assertThat(effects(id)).containsExactly("room-reserved", "notified", "confirmed");

    KitCommand book = kit.on(BOOK).received().get(0);
    assertThat(book.subject()).isEqualTo("trip-1");
    assertThat(book.payloadJson()).isEqualTo("{\"tripId\":\"trip-1\"}");
    assertThat(book.headers()).containsEntry(Extensions.SAGA_ID, id.toString())
        .containsEntry(Extensions.SAGA_STEP, "book-flight")
        .containsEntry(Extensions.COMMAND_ID, book.commandId().toString());
  }

  @Test
  void commandIsWrittenWithTheStateChangeThatSendsIt() throws Exception {
    UUID id = startTrip(TripState.of("trip-2"));
    SagaInstance waiting = kit.store().findInstance(id).orElseThrow();
    assertThat(waiting.stepName()).isEqualTo("book-flight");
    assertThat(waiting.deadline()).isNotNull();
    assertThat(count("SELECT COUNT(*) FROM natsaga_outbox WHERE published_at IS NULL")).isOne();
    StepLogEntry started = kit.store().stepLog(id).get(1);
    assertThat(started.outcome()).isEqualTo(StepOutcome.STARTED);
    assertThat(started.commandId()).isEqualTo(waiting.commandId());
  }

  @Test
  void startWorkCommitsWithTheSagaAndAFailingOneLeavesNothing() throws Exception {
    UUID id = kit.engine().start(definition, TripState.of("trip-w"), "trip-w", (c, sagaId) -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO test_effect (saga_id, effect) VALUES (?, 'trip-row')")) {
        ps.setObject(1, sagaId);
        ps.executeUpdate();
      }
    });
    assertThat(effects(id)).containsExactly("trip-row", "room-reserved");

    assertThatThrownBy(() -> kit.engine().start(definition, TripState.of("trip-x"), "trip-x", (c, sagaId) -> {
      throw new SQLException("trip table is full");
    })).isInstanceOf(SagaStoreException.class).hasMessageContaining("trip table is full");
    assertThat(count("SELECT COUNT(*) FROM saga_instance WHERE caller_key = 'trip-x'")).isZero();
    assertThat(count("SELECT COUNT(*) FROM test_effect")).isEqualTo(2);

    UUID again = kit.engine().start(definition, TripState.of("trip-w"), "trip-w", (c, sagaId) -> {
      throw new AssertionError("not run for an existing caller key");
    });
    assertThat(again).isEqualTo(id);
  }

  @ParameterizedTest
  @ValueSource(strings = {"reserve-room", "book-flight", "notify", "charge-card", "confirm"})
  void failureAtEachStepCompensatesExactlyTheCompletedStepsInReverse(String failing) throws Exception {
    happyParticipants();
    if (failing.equals("book-flight")) {
      kit.on(BOOK).reset().reply(UNAVAILABLE);
    } else if (failing.equals("charge-card")) {
      kit.on(CHARGE).reset().reply(DECLINED);
    }
    UUID id = startTrip(TripState.of("trip-3").failingAt(failing));
    kit.settle();

    List<String> completed = TripSaga.STEPS.subList(0, TripSaga.STEPS.indexOf(failing));
    List<String> undone = new ArrayList<>(completed);
    undone.remove("notify");
    Collections.reverse(undone);
    kit.expect(id).status(SagaStatus.COMPENSATED).executed(completed.toArray(String[]::new))
        .compensated(undone.toArray(String[]::new))
        .loggedTimes(failing, StepPhase.EXECUTE, StepOutcome.FAILED, 1)
        .loggedTimes(failing, StepPhase.COMPENSATE, StepOutcome.SUCCEEDED, 0);
    assertThat(kit.store().findInstance(id).orElseThrow().failureReason()).contains("step '" + failing + "' failed");
    assertThat(effects(id)).doesNotContain("confirmed")
        .contains(completed.contains("reserve-room") ? new String[] {"room-released"} : new String[0]);
    if (completed.contains("notify")) {
      kit.expect(id).loggedTimes("notify", StepPhase.COMPENSATE, StepOutcome.SKIPPED, 1);
    }
  }

  @Test
  void lostReplyIsRetriedWithTheSameCommandIdThenCompensated() {
    happyParticipants();
    kit.on(BOOK).reset().noReply();
    Instant start = kit.clock().instant();
    UUID id = startTrip(TripState.of("trip-4"));
    kit.settle();

    // the timed-out step may have taken effect (only the reply was lost), so it is compensated first
    kit.expect(id).status(SagaStatus.COMPENSATED).executed("reserve-room").compensated("book-flight", "reserve-room")
        .loggedTimes("book-flight", StepPhase.EXECUTE, StepOutcome.TIMED_OUT, 3);
    List<KitCommand> sent = kit.on(BOOK).received();
    assertThat(sent).hasSize(3).extracting(KitCommand::commandId).containsOnly(sent.get(0).commandId());
    assertThat(sent).extracting(KitCommand::id).doesNotHaveDuplicates();
    assertThat(sent).extracting(m -> Duration.between(start, m.createdAt()).toSeconds())
        .containsExactly(0L, 11L, 23L);
    assertThat(kit.store().findInstance(id).orElseThrow().failureReason()).contains("timed out after 3 attempts");
  }

  @Test
  void replyToTheRetriedCommandCompletesTheStep() {
    happyParticipants();
    kit.on(BOOK).reset().noReply().reply(BOOKED, new FlightBooked("FL-9"));
    UUID id = startTrip(TripState.of("trip-5"));
    kit.settle();
    kit.expect(id).status(SagaStatus.COMPLETED)
        .loggedTimes("book-flight", StepPhase.EXECUTE, StepOutcome.TIMED_OUT, 1)
        .loggedTimes("book-flight", StepPhase.EXECUTE, StepOutcome.SUCCEEDED, 1)
        .state(TripState.class, s -> "FL-9".equals(s.flightRef()));
  }

  @Test
  void compensationFailingTwiceThenSucceedingEndsCompensated() {
    happyParticipants();
    kit.on(CHARGE).reset().reply(DECLINED);
    kit.on(CANCEL).reset().reply(CANCEL_FAILED).reply(CANCEL_FAILED).reply(CANCELLED);
    trip.releaseFailures.set(2);
    UUID id = startTrip(TripState.of("trip-6"));
    kit.settle();

    kit.expect(id).status(SagaStatus.COMPENSATED).compensated("book-flight", "reserve-room")
        .loggedTimes("book-flight", StepPhase.COMPENSATE, StepOutcome.FAILED, 2)
        .loggedTimes("reserve-room", StepPhase.COMPENSATE, StepOutcome.FAILED, 2);
    assertThat(kit.on(CANCEL).received()).hasSize(3).extracting(KitCommand::commandId).doesNotHaveDuplicates();
  }

  @Test
  void compensationThatAlwaysFailsIsParkedAndResumable() throws Exception {
    happyParticipants();
    kit.on(BOOK).reset().reply(UNAVAILABLE);
    trip.releaseFailures.set(1_000);
    UUID id = startTrip(TripState.of("trip-7"));
    kit.settle();

    kit.expect(id).status(SagaStatus.COMPENSATION_FAILED)
        .loggedTimes("reserve-room", StepPhase.COMPENSATE, StepOutcome.FAILED, 5);
    assertThat(kit.engine().list("trip.book", SagaStatus.COMPENSATION_FAILED, 0, 10).items())
        .extracting(SagaView::id).containsExactly(id);
    assertThat(kit.store().findInstance(id).orElseThrow().deadline()).isNull();

    trip.releaseFailures.set(0);
    kit.engine().resume(id);
    kit.settle();
    kit.expect(id).status(SagaStatus.COMPENSATED).compensated("reserve-room");
    assertThat(effects(id)).containsExactly("room-reserved", "room-released");
    assertThat(kit.store().findInstance(id).orElseThrow().failureReason()).contains("book-flight");
  }

  @Test
  void abortOfARunningSagaCompensatesTheOpenStepFirstAndIgnoresItsLateReply() throws Exception {
    happyParticipants();
    kit.on(BOOK).reset().noReply();
    UUID id = startTrip(TripState.of("trip-8"));
    assertThat(kit.engine().find(id).orElseThrow()).extracting(SagaView::status, SagaView::stepName)
        .containsExactly(SagaStatus.RUNNING, "book-flight");

    kit.engine().abort(id, "customer called to cancel");
    kit.settle();

    kit.expect(id).status(SagaStatus.COMPENSATED).executed("reserve-room").compensated("book-flight", "reserve-room")
        .loggedTimes("book-flight", StepPhase.EXECUTE, StepOutcome.FAILED, 1);
    assertThat(kit.store().findInstance(id).orElseThrow().failureReason())
        .isEqualTo("aborted by an operator at step 'book-flight': customer called to cancel");
    assertThat(kit.on(CANCEL).received()).hasSize(1);
    assertThat(effects(id)).containsExactly("room-reserved", "room-released");
    assertThatThrownBy(() -> kit.engine().abort(id, "again")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is COMPENSATED; only a RUNNING saga can be aborted");
    assertThatThrownBy(() -> kit.engine().abort(id, " ")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs a reason");
  }
}
