package dev.natsaga.saga.nats;

import dev.natsaga.framework.logging.MdcKeys;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.natsaga.framework.EventPublisher;
import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.framework.PublishResult;
import dev.natsaga.saga.StepPhase;
import dev.natsaga.framework.logging.MdcScope;
import dev.natsaga.saga.outbox.OutboxMessage;
import dev.natsaga.test.logging.LogCapture;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** Publishing during an outage (e.g. a stream leader election): one WARN, DEBUG while it lasts, one INFO on recovery. */
class NatsCommandTransportOutageTest {

  private static final int FAILING_ROUNDS = 12;

  /** A publisher whose acknowledgements fail while {@code down} is set; records the MDC correlation id per publish. */
  private static final class FlakyPublisher implements EventPublisher {
    final AtomicBoolean down = new AtomicBoolean(true);
    final List<String> correlations = new CopyOnWriteArrayList<>();

    @Override
    public PublishResult publish(OutgoingEvent<?> event) {
      throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<PublishResult> publishAsync(OutgoingEvent<?> event) {
      correlations.add(event.extensions().get(OutboxMessage.SAGA_ID) + "=" + MDC.get(MdcKeys.CORRELATION_ID));
      if (down.get()) {
        return CompletableFuture.failedFuture(new IllegalStateException("No responders available for request"));
      }
      return CompletableFuture.completedFuture(new PublishResult(event.id(), "test." + event.type(), "TEST", 1, false));
    }

    @Override
    public List<PublishResult> publishBatch(List<? extends OutgoingEvent<?>> events) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void awaitInFlight(Duration timeout) {
    }
  }

  private static OutboxMessage message() {
    UUID sagaId = UUID.randomUUID();
    UUID commandId = UUID.randomUUID();
    return new OutboxMessage(UUID.randomUUID(), commandId, sagaId, ShopSaga.NAME, "authorize-payment", StepPhase.EXECUTE,
        ShopSaga.AUTHORIZE, "order-1", "{}", Map.of(OutboxMessage.SAGA_ID, sagaId.toString(), OutboxMessage.SAGA_STEP,
        "authorize-payment", OutboxMessage.COMMAND_ID, commandId.toString(), OutboxMessage.CORRELATION_ID,
        sagaId.toString()), Instant.now());
  }

  @Test
  void roundsFailingDuringAnOutageAreOneWarnAndOneRecoveryInfo() {
    FlakyPublisher publisher = new FlakyPublisher();
    NatsCommandTransport transport = new NatsCommandTransport(publisher, Duration.ofSeconds(1));
    List<OutboxMessage> batch = List.of(message(), message(), message());
    try (LogCapture log = LogCapture.of(NatsCommandTransport.class.getName(), Level.DEBUG)) {
      for (int i = 0; i < FAILING_ROUNDS; i++) {
        assertThat(transport.publish(batch)).isEmpty();
      }
      publisher.down.set(false);
      assertThat(transport.publish(batch)).hasSize(3);
      assertThat(transport.publish(batch)).hasSize(3);

      assertThat(log.messages(Level.WARN)).singleElement().asString()
          .startsWith("publishing saga commands failed: 3 of 3 saga commands were not published")
          .contains("saga " + batch.get(0).sagaId())
          .contains("No responders available for request");
      assertThat(log.events(Level.DEBUG, "publishing saga commands failed again")).hasSize(FAILING_ROUNDS - 1);
      assertThat(log.messages(Level.INFO)).singleElement().asString()
          .startsWith("publishing saga commands recovered after ").endsWith("(" + FAILING_ROUNDS + " failed attempts)");

      publisher.down.set(true);
      transport.publish(batch);
      assertThat(log.messages(Level.WARN)).as("the next outage warns again").hasSize(2);
    }
    assertThat(publisher.correlations).as("each message is published with its saga id as correlation id")
        .allSatisfy(c -> assertThat(c.split("=")[0]).isEqualTo(c.split("=")[1]));
    assertThat(MDC.get(MdcKeys.CORRELATION_ID)).isNull();
  }
}
