package dev.natsaga.saga.engine;

import static dev.natsaga.saga.engine.TripSaga.BOOK;
import static dev.natsaga.saga.engine.TripSaga.BOOKED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.natsaga.saga.ReplyDisposition;
import dev.natsaga.saga.ReplyResult;
import dev.natsaga.saga.SagaReply;
import dev.natsaga.saga.SagaStatus;
import dev.natsaga.saga.StepOutcome;
import dev.natsaga.saga.StepPhase;
import dev.natsaga.saga.engine.TripSaga.FlightBooked;
import dev.natsaga.saga.engine.TripSaga.TripState;
import dev.natsaga.saga.store.SagaConcurrencyException;
import dev.natsaga.saga.store.SagaStoreException;
import dev.natsaga.saga.testkit.KitCommand;
import dev.natsaga.saga.testkit.SagaTestKit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code SagaEngine.handleReplies}: the replies of a batch in one transaction, a failure in the middle rolled back and
 * each reply applied alone (the failing one fails alone), a lost race re-applied, and a batch applied twice (a
 * redelivery after a crash between the commit and the acknowledgements) recognised as duplicates.
 */
abstract class SagaReplyBatchContract extends EngineTest {

  private static final int SAGAS = 5;

  private FaultyStore faulty;
  private SagaTestKit batchKit;
  private List<UUID> ids;
  private List<SagaReply> replies;

  @BeforeEach
  void sagasAwaitingTheirFlight() {
    faulty = new FaultyStore(store);
    batchKit = SagaTestKit.create(faulty);
    batchKit.on(BOOK).noReply();
    batchKit.on(TripSaga.CHARGE).reply(TripSaga.CHARGED, new TripSaga.CardCharged("CH-1"));
    ids = new ArrayList<>();
    for (int i = 0; i < SAGAS; i++) {
      ids.add(batchKit.start(definition, TripState.of("trip-batch-" + i)));
    }
    batchKit.deliver();
    replies = new ArrayList<>();
    for (UUID id : ids) {
      KitCommand command = batchKit.on(BOOK).received().stream().filter(c -> c.sagaId().equals(id)).findFirst().orElseThrow();
      replies.add(batchKit.on(BOOK).replyTo(command, BOOKED, new FlightBooked("FL-" + id), "reply-" + id));
    }
    batchKit.on(BOOK).reset().reply(BOOKED, new FlightBooked("FL-x"));
    faulty.transactions.set(0);
  }

  @AfterEach
  void closeBatchKit() {
    batchKit.close();
  }

  @Test
  void theRepliesOfABatchCommitInOneTransactionAndAppliedAgainAreDuplicates() {
    List<String> opened = new ArrayList<>();
    List<String> closed = new ArrayList<>();
    List<ReplyResult> results = batchKit.engine().handleReplies(replies, reply -> {
      opened.add(reply.id());
      return () -> closed.add(reply.id());
    });

    assertThat(results).extracting(ReplyResult::disposition).containsOnly(ReplyDisposition.APPLIED).hasSize(SAGAS);
    assertThat(results).extracting(ReplyResult::reply).containsExactlyElementsOf(replies);
    assertThat(faulty.transactions.get()).as("transactions for %d replies", SAGAS).isEqualTo(1);
    assertThat(opened).as("the scope is opened around each reply").containsExactlyElementsOf(replies.stream().map(SagaReply::id).toList());
    assertThat(closed).isEqualTo(opened);
    for (UUID id : ids) {
      batchKit.expect(id).state(TripState.class, s -> ("FL-" + id).equals(s.flightRef()))
          .loggedTimes("book-flight", StepPhase.EXECUTE, StepOutcome.SUCCEEDED, 1);
    }

    faulty.transactions.set(0);
    List<ReplyResult> again = batchKit.engine().handleReplies(replies);   // redelivered: the acks were lost in a crash
    assertThat(again).extracting(ReplyResult::disposition).containsOnly(ReplyDisposition.DUPLICATE);
    assertThat(faulty.transactions.get()).isEqualTo(1);
    batchKit.settle();
    for (UUID id : ids) {
      batchKit.expect(id).status(SagaStatus.COMPLETED)
          .loggedTimes("book-flight", StepPhase.EXECUTE, StepOutcome.SUCCEEDED, 1)
          .loggedTimes("book-flight", StepPhase.EXECUTE, StepOutcome.DUPLICATE_REPLY, 1);
    }
  }

  @Test
  void aReplyFailingInTheMiddleRollsTheBatchBackAndFailsAloneWhileTheOthersApply() {
    UUID broken = ids.get(2);
    faulty.failUpdates(broken, 2, false);   // in the batch, and again when applied alone

    List<ReplyResult> results = batchKit.engine().handleReplies(replies);

    for (int i = 0; i < SAGAS; i++) {
      ReplyResult r = results.get(i);
      if (i == 2) {
        assertThat(r.failed()).get().isInstanceOf(SagaStoreException.class);
        assertThat(r.disposition()).isNull();
      } else {
        assertThat(r.disposition()).as("reply %d", i).isEqualTo(ReplyDisposition.APPLIED);
      }
    }
    assertThat(faulty.transactions.get()).as("the rolled-back batch, then one per reply").isEqualTo(1 + SAGAS);
    batchKit.expect(broken).status(SagaStatus.RUNNING)
        .loggedTimes("book-flight", StepPhase.EXECUTE, StepOutcome.SUCCEEDED, 0)
        .state(TripState.class, s -> s.flightRef() == null);
    for (UUID id : ids) {
      if (!id.equals(broken)) {
        batchKit.expect(id).loggedTimes("book-flight", StepPhase.EXECUTE, StepOutcome.SUCCEEDED, 1);
      }
    }

    List<ReplyResult> redelivered = batchKit.engine().handleReplies(List.of(replies.get(2)));
    assertThat(redelivered).extracting(ReplyResult::disposition).containsExactly(ReplyDisposition.APPLIED);
    batchKit.settle();
    ids.forEach(id -> batchKit.expect(id).status(SagaStatus.COMPLETED)
        .loggedTimes("book-flight", StepPhase.EXECUTE, StepOutcome.SUCCEEDED, 1));
  }

  @Test
  void aLostRaceInTheBatchIsReAppliedReplyByReply() {
    faulty.failUpdates(ids.get(4), 1, true);

    List<ReplyResult> results = batchKit.engine().handleReplies(replies);

    assertThat(results).extracting(ReplyResult::disposition).containsOnly(ReplyDisposition.APPLIED).hasSize(SAGAS);
    assertThat(faulty.transactions.get()).isEqualTo(1 + SAGAS);
    ids.forEach(id -> batchKit.expect(id).loggedTimes("book-flight", StepPhase.EXECUTE, StepOutcome.SUCCEEDED, 1));
  }

  @Test
  void aRaceLostOnEveryAttemptFailsThatReplyAloneWithTheConflict() {
    faulty.failUpdates(ids.get(0), 1000, true);

    List<ReplyResult> results = batchKit.engine().handleReplies(replies);

    assertThat(results.get(0).failed()).get().isInstanceOf(SagaConcurrencyException.class);
    assertThat(results.subList(1, SAGAS)).extracting(ReplyResult::disposition).containsOnly(ReplyDisposition.APPLIED);
  }

  @Test
  void twoRepliesToOneSagaInOneBatchSeeEachOther() {
    SagaReply copy = SagaReply.builder().sagaId(replies.get(0).sagaId()).step(replies.get(0).step())
        .commandId(replies.get(0).commandId()).type(BOOKED).id("another-" + UUID.randomUUID())
        .payload(replies.get(0).payload()).build();
    List<ReplyResult> results = batchKit.engine().handleReplies(List.of(replies.get(0), replies.get(0), copy, replies.get(1)));

    assertThat(results).extracting(ReplyResult::disposition).containsExactly(ReplyDisposition.APPLIED,
        ReplyDisposition.DUPLICATE, ReplyDisposition.DUPLICATE, ReplyDisposition.APPLIED);
    assertThat(faulty.transactions.get()).isEqualTo(1);
  }
}
