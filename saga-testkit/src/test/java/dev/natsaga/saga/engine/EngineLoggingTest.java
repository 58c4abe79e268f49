package dev.natsaga.saga.engine;

import dev.natsaga.framework.logging.MdcKeys;
import static dev.natsaga.saga.engine.TripSaga.BOOK;
import static dev.natsaga.saga.engine.TripSaga.BOOKED;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.natsaga.saga.ReplyDisposition;
import dev.natsaga.saga.Saga;
import dev.natsaga.saga.SagaDefinition;
import dev.natsaga.saga.SagaReply;
import dev.natsaga.saga.SagaStatus;
import dev.natsaga.saga.engine.TripSaga.FlightBooked;
import dev.natsaga.saga.engine.TripSaga.TripState;
import dev.natsaga.framework.logging.MdcScope;
import dev.natsaga.saga.testdb.H2TestDatabase;
import dev.natsaga.saga.testdb.TestDatabase;
import dev.natsaga.test.logging.LogCapture;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** The engine's log lines carry their saga's id as the MDC correlation id, on every path (H2 only: no SQL involved). */
class EngineLoggingTest extends EngineTest {

  private static final String KEY = MdcKeys.CORRELATION_ID;

  @Override
  protected TestDatabase createDatabase() {
    return new H2TestDatabase();
  }

  @AfterEach
  void clearMdc() {
    MDC.clear();
  }

  @Test
  void theMdcKeyIsTheFrameworks() {
  }

  @Test
  void everyEngineLineCarriesTheIdOfTheSagaItIsAbout() {
    happyParticipants();
    UUID happy;
    UUID again;
    UUID parked;
    UUID silent;
    UUID unknown = UUID.randomUUID();
    try (LogCapture log = LogCapture.of("dev.natsaga.saga", Level.DEBUG)) {
      happy = kit.start(definition, TripState.of("trip-1"), "caller-1");
      again = kit.start(definition, TripState.of("trip-1"), "caller-1");
      trip.releaseFailures.set(100);
      parked = startTrip(TripState.of("trip-2").failingAt("confirm"));
      kit.settle();                                                    // reserve-room's release fails every attempt
      assertThat(kit.store().findInstance(parked).orElseThrow().status()).isEqualTo(SagaStatus.COMPENSATION_FAILED);
      trip.releaseFailures.set(0);
      kit.engine().resume(parked);

      kit.on(BOOK).reset().noReply();
      silent = startTrip(TripState.of("trip-3"));
      kit.deliver();
      kit.engine().resume(silent);                                     // due now: times out, is retried, ...
      kit.settle();                                                    // ... then compensated

      SagaReply late = kit.on(BOOK).replyTo(kit.on(BOOK).received().get(0), BOOKED, new FlightBooked("FL-9"), "late-1");
      assertThat(kit.reply(late)).isIn(ReplyDisposition.LATE, ReplyDisposition.DUPLICATE);
      assertThat(kit.reply(SagaReply.builder().sagaId(unknown).step("book-flight").type(BOOKED).id("stray-1").build()))
          .isEqualTo(ReplyDisposition.UNKNOWN_SAGA);

      assertThat(again).isEqualTo(happy);
      kit.expect(happy).status(SagaStatus.COMPLETED);
      kit.expect(parked).status(SagaStatus.COMPENSATED);
      kit.expect(silent).status(SagaStatus.COMPENSATED);

      List<ILoggingEvent> engineLines = log.events(e -> e.getLoggerName().startsWith("dev.natsaga.saga.internal.engine"));
      assertThat(engineLines).hasSizeGreaterThan(30).allSatisfy(e -> {
        String correlation = e.getMDCPropertyMap().get(KEY);
        assertThat(correlation).as("correlation id of: %s", e.getFormattedMessage()).isNotNull();
        assertThat(e.getFormattedMessage()).as("the line names its correlation id").contains(correlation);
      });
      for (UUID id : List.of(happy, parked, silent, unknown)) {
        assertThat(log.events(e -> e.getFormattedMessage().contains(id.toString()))).isNotEmpty()
            .allSatisfy(e -> assertThat(e.getMDCPropertyMap()).containsEntry(KEY, id.toString()));
      }
      assertThat(Set.copyOf(engineLines.stream().map(e -> e.getMDCPropertyMap().get(KEY)).toList()))
          .containsExactlyInAnyOrder(happy.toString(), parked.toString(), silent.toString(), unknown.toString());
      for (String kind : List.of(" started", "already started for caller key", "execution sent", "succeeded (local",
          "succeeded with", "completed", "execution failed (local)", "compensating:", "compensation failed (local",
          "is COMPENSATION_FAILED", "resumed by an operator", "made due now", "timed out (attempt 1)",
          "timed out after 3 attempts", "compensating, starting with the uncertain step", "compensated with",
          " compensated", "ignored reply late-1", "names unknown saga")) {
        assertThat(engineLines).as("a line containing '%s'", kind).anyMatch(e -> e.getFormattedMessage().contains(kind));
      }
    }
  }

  @Test
  void theCallersCorrelationIdIsRestoredAfterEachCall() {
    happyParticipants();
    MDC.put(KEY, "http-request-7");
    UUID id = startTrip(TripState.of("trip-4"));
    assertThat(MDC.get(KEY)).isEqualTo("http-request-7");
    kit.deliver();
    kit.engine().processDueDeadlines();
    assertThat(MDC.get(KEY)).isEqualTo("http-request-7");
    MDC.remove(KEY);
    kit.clock().advance(Duration.ofHours(1));
    kit.engine().processDueDeadlines();
    kit.expect(id).status(SagaStatus.COMPLETED);
    assertThat(MDC.get(KEY)).isNull();
  }

  @Test
  void aLocalStepRunsWithItsSagasIdAsCorrelationId() {
    List<String> seen = new CopyOnWriteArrayList<>();
    SagaDefinition<Map> probe = Saga.define("probe.mdc", Map.class)
        .step("look").localRun(ctx -> seen.add(ctx.sagaId() + "=" + MDC.get(KEY)))
        .build();
    UUID id = kit.start(probe, Map.of());
    assertThat(seen).containsExactly(id + "=" + id);
    assertThat(MDC.get(KEY)).isNull();
  }
}
