package dev.natsaga.saga.jdbc;

import static dev.natsaga.saga.jdbc.Instances.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.natsaga.saga.StepOutcome;
import dev.natsaga.saga.StepPhase;
import dev.natsaga.saga.outbox.OutboxMessage;
import dev.natsaga.saga.outbox.OutboxRelay;
import dev.natsaga.saga.store.ProcessedCommand;
import dev.natsaga.saga.store.SagaInstance;
import dev.natsaga.saga.store.StepLogEntry;
import dev.natsaga.saga.testdb.DatabaseTest;
import dev.natsaga.saga.outbox.InMemoryCommandTransport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Outbox, unit of work, processed commands and the relay: the same tests on every database. */
abstract class OutboxStoreContract extends DatabaseTest {

  @Test
  void stateChangeStepLogAndOutboxCommitTogetherOrNotAtAll() throws Exception {
    SagaInstance saga = Instances.running("trip.book");
    assertThatThrownBy(() -> store.inTransaction(tx -> {
      tx.insert(saga);
      tx.appendStepLog(StepLogEntry.of(saga.id(), 0, "first", StepPhase.EXECUTE, 1, StepOutcome.STARTED, T0));
      tx.enqueue(Instances.message(saga.id(), T0));
      throw new IllegalStateException("boom after writing");
    })).hasMessage("boom after writing");
    assertThat(store.findInstance(saga.id())).isEmpty();
    assertThat(count("SELECT COUNT(*) FROM saga_outbox")).isZero();
    assertThat(count("SELECT COUNT(*) FROM saga_step_log")).isZero();

    store.inTransaction(tx -> {
      tx.insert(saga);
      tx.enqueue(Instances.message(saga.id(), T0));
      return null;
    });
    assertThat(store.findInstance(saga.id())).isPresent();
    assertThat(count("SELECT COUNT(*) FROM saga_outbox")).isOne();
  }

  @Test
  void outboxRowsAreReadOldestFirstAndMarkedOnce() {
    SagaInstance saga = insertWithMessages(3);
    List<OutboxMessage> first = store.inTransaction(tx -> {
      List<OutboxMessage> rows = tx.lockUnpublished(2);
      tx.markPublished(rows.stream().map(OutboxMessage::id).toList(), T0);
      return rows;
    });
    assertThat(first).hasSize(2).allSatisfy(m -> assertThat(m.sagaId()).isEqualTo(saga.id()));
    assertThat(first.get(0).headers()).containsEntry(OutboxMessage.SAGA_ID, saga.id().toString());
    assertThat(first.get(0).createdAt()).isBefore(first.get(1).createdAt());
    List<OutboxMessage> rest = store.inTransaction(tx -> tx.lockUnpublished(10));
    assertThat(rest).hasSize(1).doesNotContainAnyElementsOf(first);
    assertThat(store.purgePublished(T0.plusSeconds(1))).isEqualTo(2);
  }

  @Test
  void concurrentRelaysNeverLockTheSameRows() throws Exception {
    insertWithMessages(6);
    CountDownLatch firstHolds = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<List<OutboxMessage>> first = CompletableFuture.supplyAsync(() -> store.inTransaction(tx -> {
      List<OutboxMessage> rows = tx.lockUnpublished(4);
      firstHolds.countDown();
      release.await(10, TimeUnit.SECONDS);
      return rows;
    }));
    assertThat(firstHolds.await(10, TimeUnit.SECONDS)).isTrue();
    List<OutboxMessage> second = store.inTransaction(tx -> tx.lockUnpublished(10));
    release.countDown();
    assertThat(first.get(10, TimeUnit.SECONDS)).hasSize(4).doesNotContainAnyElementsOf(second);
    assertThat(second).hasSize(2);
  }

  @Test
  void processedCommandIsRecordedOnceAndTheTransactionStaysUsable() {
    ProcessedCommand reply = new ProcessedCommand("payment", "cmd-1", "payment.card.charged.v1", "{\"ref\":\"c-1\"}", T0);
    SagaInstance saga = Instances.running("trip.book");
    List<Boolean> recorded = store.inTransaction(tx -> {
      boolean a = tx.recordProcessed(reply);
      boolean b = tx.recordProcessed(new ProcessedCommand("payment", "cmd-1", "other.type.x.v1", "{}", T0));
      tx.insert(saga);
      return List.of(a, b);
    });
    assertThat(recorded).containsExactly(true, false);
    assertThat(store.findInstance(saga.id())).isPresent();
    Optional<ProcessedCommand> found = store.inTransaction(tx -> tx.findProcessed("payment", "cmd-1"));
    Optional<ProcessedCommand> otherConsumer = store.inTransaction(tx -> tx.findProcessed("booking", "cmd-1"));
    assertThat(found).contains(reply);
    assertThat(otherConsumer).isEmpty();
  }

  @Test
  void relayPublishesEveryRowOnceAndRetriesWhatFailed() {
    insertWithMessages(5);
    InMemoryCommandTransport transport = new InMemoryCommandTransport();
    try (OutboxRelay relay = OutboxRelay.builder().store(store).transport(transport).batchSize(2).build()) {
      transport.failNext(1);
      assertThatThrownBy(relay::relayPending).hasMessageContaining("injected publish failure");
      assertThat(transport.published()).isEmpty();
      assertThat(relay.relayPending()).isEqualTo(5);
      assertThat(relay.relayPending()).isZero();
    }
    assertThat(transport.published()).hasSize(5).extracting(OutboxMessage::id).doesNotHaveDuplicates();
  }

  @Test
  void crashBetweenPublishAndMarkRepublishesTheSameMessageIds() {
    insertWithMessages(2);
    List<UUID> seen = new ArrayList<>();
    try (OutboxRelay crashing = OutboxRelay.builder().store(store).transport(batch -> {
      batch.forEach(m -> seen.add(m.id()));
      throw new IllegalStateException("crash before mark");
    }).build()) {
      assertThatThrownBy(crashing::relayPending).hasMessageContaining("crash before mark");
    }
    InMemoryCommandTransport transport = new InMemoryCommandTransport();
    try (OutboxRelay relay = OutboxRelay.builder().store(store).transport(transport).build()) {
      relay.relayPending();
    }
    assertThat(transport.published()).extracting(OutboxMessage::id).containsExactlyElementsOf(seen);
  }

  @Test
  void partiallyPublishedBatchKeepsTheRestForLater() {
    insertWithMessages(3);
    try (OutboxRelay relay = OutboxRelay.builder().store(store).transport(batch -> List.of(batch.get(0).id())).build()) {
      assertThat(relay.relayPending()).isEqualTo(1);
      assertThat(relay.relayPending()).isEqualTo(1);
    }
    List<OutboxMessage> left = store.inTransaction(tx -> tx.lockUnpublished(10));
    assertThat(left).hasSize(1);
  }

  @Test
  void backgroundRelayIsWokenByTheCommitNotByPolling() {
    InMemoryCommandTransport transport = new InMemoryCommandTransport();
    try (OutboxRelay relay = OutboxRelay.builder().store(store).transport(transport).pollInterval(Duration.ofHours(1)).build()) {
      relay.start();
      Awaitility.await().pollDelay(Duration.ofMillis(100)).until(() -> true);
      insertWithMessages(1);
      Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> transport.published().size() == 1);
    }
  }

  private SagaInstance insertWithMessages(int n) {
    SagaInstance saga = Instances.running("trip.book");
    store.inTransaction(tx -> {
      tx.insert(saga);
      for (int i = 0; i < n; i++) {
        tx.enqueue(Instances.message(saga.id(), T0.plusMillis(i)));
      }
      return null;
    });
    return saga;
  }
}
