package dev.natsaga.saga.jdbc;

import static dev.natsaga.saga.jdbc.Instances.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.natsaga.saga.SagaActor;
import dev.natsaga.saga.SagaPage;
import dev.natsaga.saga.SagaStatus;
import dev.natsaga.saga.SagaView;
import dev.natsaga.saga.StepOutcome;
import dev.natsaga.saga.StepPhase;
import dev.natsaga.saga.store.AttemptResult;
import dev.natsaga.saga.store.ClaimedSaga;
import dev.natsaga.saga.store.DeadlineKind;
import dev.natsaga.saga.store.DuplicateSagaException;
import dev.natsaga.saga.store.EndedAttempt;
import dev.natsaga.saga.store.SagaConcurrencyException;
import dev.natsaga.saga.store.SagaInstance;
import dev.natsaga.saga.store.StepLogEntry;
import dev.natsaga.saga.testdb.DatabaseTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Instances, optimistic locking, step log, claims and listing: the same tests on every database. */
abstract class SagaStoreContract extends DatabaseTest {

  @Test
  void instanceRoundTripsEveryField() {
    SagaInstance saved = Instances.due("trip.book", T0.plusSeconds(30)).toBuilder().callerKey("k-1")
        .failureReason("because").auth("user", "alice@example.com")
        .trace("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "vendor=opaque").build();
    store.inTransaction(tx -> {
      tx.insert(saved);
      return null;
    });
    assertThat(store.findInstance(saved.id())).contains(saved);
  }

  @Test
  void startContextSurvivesUpdatesAndShowsInTheReadModel() {
    SagaInstance v0 = insert(Instances.running("trip.book").toBuilder().auth("service_account", "batch-job")
        .trace("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", null).build());
    store.inTransaction(tx -> tx.update(v0.toBuilder().stepIndex(1).stepName("second").auth(null, null)
        .trace(null, null).build()));
    SagaInstance read = store.findInstance(v0.id()).orElseThrow();
    assertThat(read.authType()).as("the update does not touch the start context").isEqualTo("service_account");
    assertThat(read.authId()).isEqualTo("batch-job");
    SagaView view = SagaView.of(read, List.of());
    assertThat(view.startedBy()).isEqualTo(SagaActor.of(SagaActor.SERVICE_ACCOUNT, "batch-job"));
    assertThat(view.traceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
    assertThat(SagaView.of(insert(Instances.running("trip.book")), List.of()).startedBy()).isNull();
  }

  @Test
  void optimisticUpdateBumpsVersionAndRejectsStaleWriters() {
    SagaInstance v0 = insert(Instances.running("trip.book"));
    SagaInstance v1 = store.inTransaction(tx -> tx.update(v0.toBuilder().stepIndex(1).stepName("second").build()));
    assertThat(v1.lockVersion()).isEqualTo(1);
    assertThat(store.findInstance(v0.id()).orElseThrow().stepName()).isEqualTo("second");
    assertThatThrownBy(() -> store.inTransaction(tx -> tx.update(v0.toBuilder().stepIndex(2).build())))
        .isInstanceOf(SagaConcurrencyException.class).hasMessageContaining(v0.id().toString());
  }

  @Test
  void concurrentWritersOfOneVersionExactlyOneWins() throws Exception {
    SagaInstance v0 = insert(Instances.running("trip.book"));
    CountDownLatch bothUpdated = new CountDownLatch(1);
    CompletableFuture<Boolean> first = CompletableFuture.supplyAsync(() -> tryUpdate(v0, "a", bothUpdated));
    Thread.sleep(200);
    CompletableFuture<Boolean> second = CompletableFuture.supplyAsync(() -> tryUpdate(v0, "b", null));
    Thread.sleep(300);
    bothUpdated.countDown();
    assertThat(List.of(first.get(10, TimeUnit.SECONDS), second.get(10, TimeUnit.SECONDS))).containsExactly(true, false);
    assertThat(store.findInstance(v0.id()).orElseThrow()).extracting(SagaInstance::stepName, SagaInstance::lockVersion)
        .containsExactly("a", 1L);
  }

  private boolean tryUpdate(SagaInstance v0, String stepName, CountDownLatch holdUntil) {
    try {
      store.inTransaction(tx -> {
        tx.update(v0.toBuilder().stepName(stepName).build());
        if (holdUntil != null) {
          holdUntil.await(5, TimeUnit.SECONDS);
        }
        return null;
      });
      return true;
    } catch (SagaConcurrencyException e) {
      return false;
    }
  }

  @Test
  void callerKeyIsUniquePerSagaType() {
    insert(Instances.running("trip.book").toBuilder().callerKey("order-7").build());
    insert(Instances.running("trip.cancel").toBuilder().callerKey("order-7").build());
    insert(Instances.running("trip.book"));
    insert(Instances.running("trip.book"));
    assertThatThrownBy(() -> insert(Instances.running("trip.book").toBuilder().callerKey("order-7").build()))
        .isInstanceOf(DuplicateSagaException.class).hasMessageContaining("order-7");
    Optional<UUID> existing = store.inTransaction(tx -> tx.findIdByCallerKey("trip.book", "order-7"));
    assertThat(existing).isPresent();
  }

  @Test
  void stepLogKeepsOrderAndFinishesOpenAttempts() {
    SagaInstance saga = insert(Instances.running("trip.book"));
    UUID command = UUID.randomUUID();
    store.inTransaction(tx -> {
      tx.appendStepLog(StepLogEntry.of(saga.id(), 0, "first", StepPhase.EXECUTE, 1, StepOutcome.SUCCEEDED, T0));
      tx.appendStepLog(StepLogEntry.of(saga.id(), 1, "second", StepPhase.EXECUTE, 1, StepOutcome.STARTED, T0)
          .withCommand(command, UUID.randomUUID()));
      return null;
    });
    AttemptResult result = AttemptResult.of(StepOutcome.SUCCEEDED, T0.plusSeconds(1)).withReply("r-1", "test.thing.done.v1");
    List<EndedAttempt> finished = store.inTransaction(tx -> tx.finishOpenAttempts(saga.id(), 1, StepPhase.EXECUTE, result));
    assertThat(finished).as("the one open attempt, with its step and start").containsExactly(new EndedAttempt("second", T0));
    List<EndedAttempt> again = store.inTransaction(tx -> tx.finishOpenAttempts(saga.id(), 1, StepPhase.EXECUTE, result));
    assertThat(again).as("none is open any more").isEmpty();
    List<StepLogEntry> log = store.stepLog(saga.id());
    assertThat(log).extracting(StepLogEntry::stepName).containsExactly("first", "second");
    assertThat(log.get(1)).extracting(StepLogEntry::outcome, StepLogEntry::replyId, StepLogEntry::commandId,
        StepLogEntry::finishedAt).containsExactly(StepOutcome.SUCCEEDED, "r-1", command, T0.plusSeconds(1));
    List<Boolean> replies = store.inTransaction(tx -> List.of(tx.hasReply(saga.id(), "r-1"), tx.hasReply(saga.id(), "r-2")));
    assertThat(replies).containsExactly(true, false);
  }

  @Test
  void claimSkipsFutureDeadlinesAndFinishedSagas() {
    SagaInstance due = insert(Instances.due("trip.book", T0.minusSeconds(1)));
    insert(Instances.due("trip.book", T0.plusSeconds(60)));
    insert(Instances.due("trip.book", T0.minusSeconds(5)).toBuilder().status(SagaStatus.COMPLETED).build());
    insert(Instances.due("trip.book", T0.minusSeconds(5)).toBuilder().status(SagaStatus.COMPENSATION_FAILED).build());
    List<ClaimedSaga> claimed = store.claimDue(T0, Duration.ofSeconds(30), 10);
    assertThat(claimed).containsExactly(new ClaimedSaga(due.id(), 1));
    SagaInstance after = store.findInstance(due.id()).orElseThrow();
    assertThat(after.deadline()).isEqualTo(T0.plusSeconds(30));
    assertThat(after.deadlineKind()).isEqualTo(DeadlineKind.REPLY_TIMEOUT);
    assertThat(store.claimDue(T0, Duration.ofSeconds(30), 10)).isEmpty();
    assertThat(store.claimDue(T0.plusSeconds(31), Duration.ofSeconds(30), 10)).hasSize(1);
  }

  @Test
  void twoStoresClaimingConcurrentlyClaimEachSagaOnce() throws Exception {
    Set<UUID> all = new HashSet<>();
    for (int i = 0; i < 40; i++) {
      all.add(insert(Instances.due("trip.book", T0.minusMillis(i))).id());
    }
    try (JdbcSagaStore other = secondStore()) {
      List<UUID> byFirst = Collections.synchronizedList(new ArrayList<>());
      List<UUID> bySecond = Collections.synchronizedList(new ArrayList<>());
      CompletableFuture<Void> a = CompletableFuture.runAsync(() -> claimAll(store, byFirst));
      CompletableFuture<Void> b = CompletableFuture.runAsync(() -> claimAll(other, bySecond));
      CompletableFuture.allOf(a, b).get(30, TimeUnit.SECONDS);
      List<UUID> both = new ArrayList<>(byFirst);
      both.addAll(bySecond);
      assertThat(both).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(all);
    }
  }

  private static void claimAll(JdbcSagaStore s, List<UUID> into) {
    List<ClaimedSaga> batch;
    do {
      batch = s.claimDue(T0, Duration.ofMinutes(1), 3);
      batch.forEach(c -> into.add(c.id()));
    } while (!batch.isEmpty());
  }

  @Test
  void listsByTypeAndStatusNewestFirstInPages() {
    for (int i = 0; i < 7; i++) {
      insert(Instances.running("trip.book").toBuilder().createdAt(T0.plusSeconds(i)).build());
    }
    insert(Instances.running("trip.book").toBuilder().status(SagaStatus.COMPLETED).build());
    insert(Instances.running("trip.other"));
    SagaPage<SagaInstance> first = store.list("trip.book", SagaStatus.RUNNING, 0, 5);
    SagaPage<SagaInstance> second = store.list("trip.book", SagaStatus.RUNNING, 1, 5);
    assertThat(first.items()).hasSize(5).first().extracting(SagaInstance::createdAt).isEqualTo(T0.plusSeconds(6));
    assertThat(first.total()).isEqualTo(7);
    assertThat(first.hasNext()).isTrue();
    assertThat(second.items()).hasSize(2);
    assertThat(second.hasNext()).isFalse();
    assertThat(store.list("trip.book", null, 0, 100).total()).isEqualTo(8);
    assertThatThrownBy(() -> store.list("trip.book", null, 0, 0)).hasMessageContaining("size");
  }

  @Test
  void migratingAgainIsANoOp() {
    store.migrate();
    try (JdbcSagaStore again = secondStore()) {
      assertThat(again.list("x", null, 0, 1).total()).isZero();
    }
  }

  private SagaInstance insert(SagaInstance instance) {
    store.inTransaction(tx -> {
      tx.insert(instance);
      return null;
    });
    return instance;
  }
}
