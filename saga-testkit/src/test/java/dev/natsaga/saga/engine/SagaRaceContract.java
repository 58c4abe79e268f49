package dev.natsaga.saga.engine;

import static dev.natsaga.saga.engine.TripSaga.BOOK;
import static dev.natsaga.saga.engine.TripSaga.BOOKED;
import static dev.natsaga.saga.engine.TripSaga.CHARGE;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.natsaga.framework.Extensions;
import dev.natsaga.framework.Json;
import dev.natsaga.saga.ReplyDisposition;
import dev.natsaga.saga.SagaEngine;
import dev.natsaga.saga.SagaReply;
import dev.natsaga.saga.SagaStatus;
import dev.natsaga.saga.StepOutcome;
import dev.natsaga.saga.StepPhase;
import dev.natsaga.saga.engine.TripSaga.FlightBooked;
import dev.natsaga.saga.engine.TripSaga.TripState;
import dev.natsaga.saga.jdbc.JdbcSagaStore;
import dev.natsaga.saga.store.DeadlineKind;
import dev.natsaga.saga.store.SagaInstance;
import dev.natsaga.saga.testkit.KitCommand;
import dev.natsaga.test.logging.LogCapture;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Two orchestrator instances (own pools, one database): optimistic locking lets exactly one advance a saga. */
abstract class SagaRaceContract extends EngineTest {

  @Test
  void twoEnginesRacingTheSameReplyExactlyOneAdvances() throws Exception {
    UUID id = startTrip(TripState.of("trip-20"));
    kit.deliver();
    KitCommand command = kit.on(BOOK).received().get(0);
    SagaReply reply = kit.on(BOOK).replyTo(command, BOOKED, new FlightBooked("FL-1"), "reply-20");
    trip.slowNotifies.set(1);
    try (JdbcSagaStore otherStore = secondStore()) {
      SagaEngine other = secondEngine(otherStore);
      CountDownLatch go = new CountDownLatch(1);
      CompletableFuture<ReplyDisposition> a = CompletableFuture.supplyAsync(() -> await(go, () -> kit.reply(reply)));
      CompletableFuture<ReplyDisposition> b = CompletableFuture.supplyAsync(() -> await(go, () -> {
        sleep(60);
        return other.handleReply(reply);
      }));
      go.countDown();
      List<ReplyDisposition> outcomes = List.of(a.get(30, TimeUnit.SECONDS), b.get(30, TimeUnit.SECONDS));
      assertThat(outcomes).containsExactlyInAnyOrder(ReplyDisposition.APPLIED, ReplyDisposition.DUPLICATE);
    }
    kit.expect(id).status(SagaStatus.RUNNING)
        .loggedTimes("book-flight", StepPhase.EXECUTE, StepOutcome.SUCCEEDED, 1)
        .loggedTimes("book-flight", StepPhase.EXECUTE, StepOutcome.DUPLICATE_REPLY, 1)
        .loggedTimes("notify", StepPhase.EXECUTE, StepOutcome.SUCCEEDED, 1);
    assertThat(effects(id)).containsExactly("room-reserved", "notified");
    assertThat(count("SELECT COUNT(*) FROM natsaga_outbox WHERE event_type = '" + CHARGE + "'")).isOne();
    assertThat(kit.store().findInstance(id).orElseThrow().stepName()).isEqualTo("charge-card");
  }

  /**
   * The loser of the race ran book-flight's reply, notify and charge-card's send once before its update lost and
   * its transaction rolled back: none of that may show in the log, only what committed (each "sent" line names
   * the command id and message id of an outbox row that exists).
   */
  @Test
  void theLoserOfARaceLogsNothingOfItsRolledBackAttempt() throws Exception {
    UUID id = startTrip(TripState.of("trip-22"));
    kit.deliver();
    KitCommand command = kit.on(BOOK).received().get(0);
    SagaReply reply = kit.on(BOOK).replyTo(command, BOOKED, new FlightBooked("FL-1"), "reply-22");
    trip.slowNotifies.set(1);
    try (LogCapture log = LogCapture.of("dev.natsaga.saga", Level.DEBUG); JdbcSagaStore otherStore = secondStore()) {
      SagaEngine other = secondEngine(otherStore);
      CountDownLatch go = new CountDownLatch(1);
      CompletableFuture<ReplyDisposition> a = CompletableFuture.supplyAsync(() -> await(go, () -> kit.reply(reply)));
      CompletableFuture<ReplyDisposition> b = CompletableFuture.supplyAsync(() -> await(go, () -> {
        sleep(60);
        return other.handleReply(reply);
      }));
      go.countDown();
      assertThat(List.of(a.get(30, TimeUnit.SECONDS), b.get(30, TimeUnit.SECONDS)))
          .containsExactlyInAnyOrder(ReplyDisposition.APPLIED, ReplyDisposition.DUPLICATE);

      assertThat(log.events(Level.DEBUG, "re-applying")).as("one transaction lost the race and was re-applied").hasSize(1);
      assertThat(log.events(Level.INFO, "step 'book-flight' succeeded")).hasSize(1);
      assertThat(log.events(Level.INFO, "step 'notify' execution succeeded")).hasSize(1);
      assertThat(log.events(Level.INFO, "ignored reply reply-22")).hasSize(1);
      List<ILoggingEvent> sent = log.events(Level.INFO, "sent " + CHARGE);
      String[] row = outboxRow(CHARGE);
      assertThat(sent).as("one 'sent' line per outbox row").hasSize(1);
      assertThat(sent.get(0).getFormattedMessage()).contains("(command " + row[0] + ", message " + row[1] + ",");
      assertThat(log.events(e -> e.getFormattedMessage().contains("saga " + id)))
          .isNotEmpty()
          .allSatisfy(e -> assertThat(e.getMDCPropertyMap()).containsEntry("correlationId", id.toString()));
    }
    kit.expect(id).loggedTimes("notify", StepPhase.EXECUTE, StepOutcome.SUCCEEDED, 1);
  }

  @Test
  void twoEnginesScanningDeadlinesHandleEachSagaOnce() throws Exception {
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      ids.add(startTrip(TripState.of("trip-" + i)));
    }
    kit.clock().advance(Duration.ofSeconds(11));
    try (JdbcSagaStore otherStore = secondStore()) {
      SagaEngine other = secondEngine(otherStore);
      CountDownLatch go = new CountDownLatch(1);
      CompletableFuture<Integer> a = CompletableFuture.supplyAsync(() -> await(go, kit.engine()::processDueDeadlines));
      CompletableFuture<Integer> b = CompletableFuture.supplyAsync(() -> await(go, other::processDueDeadlines));
      go.countDown();
      assertThat(a.get(30, TimeUnit.SECONDS) + b.get(30, TimeUnit.SECONDS)).isEqualTo(30);
    }
    for (UUID id : ids) {
      kit.expect(id).loggedTimes("book-flight", StepPhase.EXECUTE, StepOutcome.TIMED_OUT, 1);
      SagaInstance instance = kit.store().findInstance(id).orElseThrow();
      assertThat(instance.stepAttempt()).isEqualTo(2);
      assertThat(instance.deadlineKind()).isEqualTo(DeadlineKind.RETRY);
    }
  }

  @Test
  void sagaComesDueAgainAfterAnEngineDiesHoldingItsClaim() {
    UUID id = startTrip(TripState.of("trip-21"));
    kit.clock().advance(Duration.ofSeconds(11));
    assertThat(kit.store().claimDue(kit.clock().instant(), Duration.ofSeconds(30), 10)).hasSize(1);
    assertThat(kit.engine().processDueDeadlines()).isZero();
    kit.clock().advance(Duration.ofSeconds(31));
    assertThat(kit.engine().processDueDeadlines()).isOne();
    kit.expect(id).loggedTimes("book-flight", StepPhase.EXECUTE, StepOutcome.TIMED_OUT, 1);
  }

  /** @return command id and message id of the only outbox row of the type */
  private String[] outboxRow(String type) throws Exception {
    try (Connection c = store.dataSource().getConnection(); Statement s = c.createStatement();
      ResultSet rs = s.executeQuery("SELECT extensions_json, id FROM natsaga_outbox WHERE event_type = '" + type + "'")) {
      assertThat(rs.next()).isTrue();
      String commandId = Json.mapper().readTree(rs.getString(1)).get(Extensions.COMMAND_ID).asText();
      String[] row = {commandId, rs.getString(2)};
      assertThat(rs.next()).as("one outbox row of " + type).isFalse();
      return row;
    }
  }

  private SagaEngine secondEngine(JdbcSagaStore otherStore) {
    return SagaEngine.builder().store(otherStore).registry(kit.engine().registry()).clock(kit.clock()).build();
  }

  private static <T> T await(CountDownLatch go, java.util.function.Supplier<T> action) {
    try {
      go.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return action.get();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
