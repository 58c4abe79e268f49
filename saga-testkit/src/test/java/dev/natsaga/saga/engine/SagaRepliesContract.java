package dev.natsaga.saga.engine;

import static dev.natsaga.saga.engine.TripSaga.BOOK;
import static dev.natsaga.saga.engine.TripSaga.BOOKED;
import static dev.natsaga.saga.engine.TripSaga.CHARGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.natsaga.saga.Command;
import dev.natsaga.saga.ReplyDisposition;
import dev.natsaga.saga.Saga;
import dev.natsaga.saga.SagaDefinition;
import dev.natsaga.saga.SagaNotFoundException;
import dev.natsaga.saga.SagaReply;
import dev.natsaga.saga.SagaStatus;
import dev.natsaga.saga.StepOutcome;
import dev.natsaga.saga.StepPhase;
import dev.natsaga.saga.engine.TripSaga.FlightBooked;
import dev.natsaga.saga.engine.TripSaga.TripState;
import dev.natsaga.saga.testkit.KitCommand;
import dev.natsaga.saga.testkit.ScriptedParticipant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Reply correlation, idempotent start, definition versions and operator errors. */
abstract class SagaRepliesContract extends EngineTest {

  @Test
  void duplicateRepliesAreRecordedAndIgnored() {
    happyParticipants();
    kit.on(BOOK).reset().replyTwice(BOOKED, new FlightBooked("FL-1"));
    UUID id = startTrip(TripState.of("trip-10"));
    kit.settle();
    kit.expect(id).status(SagaStatus.COMPLETED)
        .loggedTimes("book-flight", StepPhase.EXECUTE, StepOutcome.SUCCEEDED, 1)
        .loggedTimes("book-flight", StepPhase.EXECUTE, StepOutcome.DUPLICATE_REPLY, 1);

    KitCommand command = kit.on(BOOK).received().get(0);
    SagaReply another = kit.on(BOOK).replyTo(command, BOOKED, new FlightBooked("FL-2"), "second-reply");
    assertThat(kit.reply(another)).isEqualTo(ReplyDisposition.DUPLICATE);
    kit.expect(id).state(TripState.class, s -> "FL-1".equals(s.flightRef()))
        .loggedTimes("book-flight", StepPhase.EXECUTE, StepOutcome.DUPLICATE_REPLY, 2);
    assertThat(kit.on(CHARGE).received()).hasSize(1);
  }

  @Test
  void lateReplyAfterTheSagaGaveUpIsRecordedAndIgnored() {
    happyParticipants();
    kit.on(BOOK).reset().noReply();
    UUID id = startTrip(TripState.of("trip-11"));
    kit.settle();
    kit.expect(id).status(SagaStatus.COMPENSATED);

    KitCommand first = kit.on(BOOK).received().get(0);
    assertThat(kit.reply(kit.on(BOOK).replyTo(first, BOOKED, new FlightBooked("FL-late"), "late-1")))
        .isEqualTo(ReplyDisposition.LATE);
    kit.expect(id).status(SagaStatus.COMPENSATED)
        .loggedTimes("book-flight", StepPhase.EXECUTE, StepOutcome.LATE_REPLY, 1)
        .state(TripState.class, s -> s.flightRef() == null);
  }

  @Test
  void undeclaredReplyTypeIsIgnoredAndTheStepKeepsWaiting() {
    happyParticipants();
    kit.on(BOOK).reset().noReply();
    UUID id = startTrip(TripState.of("trip-12"));
    kit.deliver();
    KitCommand command = kit.on(BOOK).received().get(0);
    ScriptedParticipant flights = kit.on(BOOK);
    assertThat(kit.reply(flights.replyTo(command, "travel.flight.delayed.v1", Map.of(), "odd-1")))
        .isEqualTo(ReplyDisposition.UNEXPECTED);
    assertThat(kit.reply(flights.replyTo(command, BOOKED, Map.of("ref", List.of(1, 2)), "bad-payload")))
        .isEqualTo(ReplyDisposition.UNEXPECTED);
    kit.expect(id).status(SagaStatus.RUNNING).loggedTimes("book-flight", StepPhase.EXECUTE, StepOutcome.UNEXPECTED_REPLY, 2);

    assertThat(kit.reply(flights.replyTo(command, BOOKED, new FlightBooked("FL-3"), "good-1")))
        .isEqualTo(ReplyDisposition.APPLIED);
    kit.settle();
    kit.expect(id).status(SagaStatus.COMPLETED);
    SagaReply unknown = SagaReply.builder().sagaId(UUID.randomUUID()).step("book-flight").type(BOOKED).id("x").build();
    assertThat(kit.reply(unknown)).isEqualTo(ReplyDisposition.UNKNOWN_SAGA);
  }

  @Test
  void startingTwiceWithTheSameCallerKeyReturnsTheSameSaga() throws Exception {
    UUID first = kit.start(definition, TripState.of("trip-13"), "booking-13");
    assertThat(kit.start(definition, TripState.of("trip-13"), "booking-13")).isEqualTo(first);
    List<CompletableFuture<UUID>> racing = IntStream.range(0, 8)
        .mapToObj(i -> CompletableFuture.supplyAsync(() -> kit.start(definition, TripState.of("t"), "booking-14")))
        .toList();
    Set<UUID> ids = Set.copyOf(racing.stream().map(f -> f.orTimeout(20, TimeUnit.SECONDS).join()).toList());
    assertThat(ids).hasSize(1).doesNotContain(first);
    assertThat(kit.engine().list("trip.book", null, 0, 50).total()).isEqualTo(2);
    assertThat(count("SELECT COUNT(*) FROM natsaga_outbox")).isEqualTo(2);
  }

  @Test
  void inFlightSagaFinishesOnTheVersionItStartedWith() {
    SagaDefinition<TripState> v1 = Saga.define("trip.short", TripState.class).version(1)
        .step("book-flight").send(s -> Command.of(BOOK, Map.of())).onReply(BOOKED)
        .build();
    SagaDefinition<TripState> v2 = Saga.define("trip.short", TripState.class).version(2)
        .step("book-flight").send(s -> Command.of(BOOK, Map.of())).onReply(BOOKED)
        .step("charge-card").send(s -> Command.of(CHARGE, Map.of())).onReply(TripSaga.CHARGED)
        .build();
    UUID old = kit.start(v1, TripState.of("trip-15"));
    kit.register(v2);
    happyParticipants();
    assertThat(kit.engine().registry().latest("trip.short")).containsSame(v2);
    UUID current = kit.start(v2, TripState.of("t"));
    kit.settle();
    kit.expect(old).status(SagaStatus.COMPLETED).executed("book-flight");
    kit.expect(current).status(SagaStatus.COMPLETED).executed("book-flight", "charge-card");
    assertThat(kit.engine().find(old).orElseThrow().definitionVersion()).isEqualTo(1);
  }

  @Test
  void sqlErrorInALocalStepRollsBackOnlyThatStepAndTheSagaCompensates() throws Exception {
    SagaDefinition<TripState> def = Saga.define("trip.sql", TripState.class)
        .step("write-ok").localRun(ctx -> TripSaga.effect(ctx, "ok")).compensate(ctx -> TripSaga.effect(ctx, "undone"))
        .step("write-bad").localRun(ctx -> {
          TripSaga.effect(ctx, "partial");
          TripSaga.effect(ctx, null);
        })
        .build();
    UUID id = kit.start(def, TripState.of("trip-17"));
    kit.expect(id).status(SagaStatus.COMPENSATED).compensated("write-ok")
        .logged("write-bad", StepPhase.EXECUTE, StepOutcome.FAILED);
    assertThat(effects(id)).containsExactly("ok", "undone");
  }

  @Test
  void resumeRefusesFinishedAndUnknownSagas() {
    happyParticipants();
    UUID id = startTrip(TripState.of("trip-16"));
    kit.settle();
    assertThatThrownBy(() -> kit.engine().resume(id)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("COMPLETED");
    assertThatThrownBy(() -> kit.engine().resume(UUID.randomUUID())).isInstanceOf(SagaNotFoundException.class);
  }
}
