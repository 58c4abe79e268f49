package dev.natsaga.saga.engine;

import static dev.natsaga.saga.engine.TripSaga.BOOK;
import static dev.natsaga.saga.engine.TripSaga.BOOKED;
import static dev.natsaga.saga.engine.TripSaga.CHARGE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.natsaga.saga.ReplyDisposition;
import dev.natsaga.saga.SagaEngine;
import dev.natsaga.saga.SagaReply;
import dev.natsaga.saga.SagaStatus;
import dev.natsaga.saga.StepOutcome;
import dev.natsaga.saga.StepPhase;
import dev.natsaga.saga.engine.TripSaga.FlightBooked;
import dev.natsaga.saga.engine.TripSaga.TripState;
import dev.natsaga.saga.jdbc.JdbcSagaStore;
import dev.natsaga.saga.outbox.OutboxMessage;
import dev.natsaga.saga.store.DeadlineKind;
import dev.natsaga.saga.store.SagaInstance;
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
        OutboxMessage command = kit.on(BOOK).received().get(0);
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
        assertThat(count("SELECT COUNT(*) FROM saga_outbox WHERE message_type = '" + CHARGE + "'")).isOne();
        assertThat(kit.store().findInstance(id).orElseThrow().stepName()).isEqualTo("charge-card");
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
