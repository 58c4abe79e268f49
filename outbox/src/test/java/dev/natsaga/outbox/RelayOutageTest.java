package dev.natsaga.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.framework.PublishResult;
import dev.natsaga.framework.logging.MdcKeys;
import dev.natsaga.test.logging.LogCapture;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * Relaying during a NATS outage (e.g. a stream leader election): the events stay in the outbox, the outage is one
 * WARN, DEBUG while it lasts and one INFO on recovery, and every publish runs with the event's correlation id in the
 * MDC.
 */
class RelayOutageTest {

  private static final int FAILING_ROUNDS = 12;

  /** A publisher whose acknowledgements fail while {@code down} is set; records the MDC correlation id per publish. */
  private static final class FlakyPublisher extends AsyncOnlyPublisher {
    final AtomicBoolean down = new AtomicBoolean(true);
    final List<String> correlations = new CopyOnWriteArrayList<>();

    @Override
    public CompletableFuture<PublishResult> publishAsync(OutgoingEvent<?> event) {
      correlations.add(event.extensions().get("correlationid") + "=" + MDC.get(MdcKeys.CORRELATION_ID));
      if (down.get()) {
        return CompletableFuture.failedFuture(new IllegalStateException("No responders available for request"));
      }
      return CompletableFuture.completedFuture(new PublishResult(event.id(), "test." + event.type(), "TEST", 1, false));
    }
  }

  @Test
  void roundsFailingDuringAnOutageAreOneWarnAndOneRecoveryInfo() throws Exception {
    FlakyPublisher publisher = new FlakyPublisher();
    try (TestDatabase db = TestDatabase.h2();
         OutboxRelay relay = OutboxRelay.builder().dataSource(db.dataSource()).publisher(() -> publisher)
             .ackTimeout(Duration.ofSeconds(1)).build();
         LogCapture log = LogCapture.of("dev.natsaga.outbox", Level.DEBUG)) {
      OutboxSchema.migrate(db.dataSource());
      Outboxes.writeEvents(db.dataSource(), 3, i -> OutgoingEvent.event(OutboxContract.PLACED, i).build());
      for (int i = 0; i < FAILING_ROUNDS; i++) {
        assertThat(relay.relayPending()).isZero();
      }
      assertThat(relay.backlog().unpublished()).isEqualTo(3);
      publisher.down.set(false);
      assertThat(relay.relayPending()).isEqualTo(3);

      assertThat(log.messages(Level.WARN)).singleElement().asString()
          .startsWith("publishing outbox events failed: 3 of 3 outbox events were not published")
          .contains("No responders available for request");
      assertThat(log.events(Level.DEBUG, "publishing outbox events failed again")).hasSize(FAILING_ROUNDS - 1);
      assertThat(log.messages(Level.INFO)).filteredOn(m -> m.contains("recovered")).singleElement().asString()
          .startsWith("publishing outbox events recovered after ").endsWith("(" + FAILING_ROUNDS + " failed attempts)");
    }
    assertThat(publisher.correlations).as("each event is published with its correlation id in the MDC")
        .isNotEmpty().allSatisfy(c -> assertThat(c.split("=")[0]).isEqualTo(c.split("=")[1]));
    assertThat(MDC.get(MdcKeys.CORRELATION_ID)).isNull();
  }
}
