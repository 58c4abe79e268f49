package dev.natsaga.saga.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import dev.natsaga.saga.Command;
import dev.natsaga.saga.Saga;
import dev.natsaga.saga.SagaDefinition;
import dev.natsaga.saga.outbox.CommandTransport;
import dev.natsaga.saga.outbox.OutboxMessage;
import dev.natsaga.saga.outbox.OutboxRelay;
import dev.natsaga.saga.testkit.SagaTestKit;
import dev.natsaga.test.logging.LogCapture;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A relay whose rounds fail for a while (transport or database down) logs the outage, not every round. */
class OutboxRelayOutageTest {

  private static final int FAILING_ROUNDS = 8;

  @SuppressWarnings("rawtypes")
  private static final SagaDefinition<Map> PING = Saga.define("test.ping", Map.class)
      .step("ping").send(s -> Command.of("test.target.ping.v1", Map.of("n", 1))).onReply("test.target.pinged.v1")
      .build();

  @Test
  void consecutiveFailedRoundsAreOneWarnAndARecoveryInfo() {
    AtomicInteger calls = new AtomicInteger();
    List<OutboxMessage> published = new CopyOnWriteArrayList<>();
    CommandTransport flaky = batch -> {
      if (calls.incrementAndGet() <= FAILING_ROUNDS) {
        throw new IllegalStateException("nats: no responders available for request");
      }
      published.addAll(batch);
      return batch.stream().map(OutboxMessage::id).toList();
    };
    try (SagaTestKit kit = SagaTestKit.create();
      LogCapture log = LogCapture.of("dev.natsaga.saga.internal.relay.PollingOutboxRelay", Level.DEBUG)) {
      kit.start(PING, Map.of());
      try (OutboxRelay relay = OutboxRelay.builder().store(kit.store()).transport(flaky)
          .pollInterval(Duration.ofMillis(10)).build()) {
        relay.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> published.size() == 1
            && !log.events(Level.INFO, "recovered").isEmpty());
      }
      assertThat(log.messages(Level.WARN)).singleElement().asString()
          .startsWith("outbox relay round failed: ")
          .contains("nats: no responders available for request");
      assertThat(log.events(Level.DEBUG, "outbox relay round failed again")).hasSize(FAILING_ROUNDS - 1);
      assertThat(log.messages(Level.INFO)).filteredOn(m -> m.contains("recovered")).singleElement().asString()
          .startsWith("outbox relay round recovered after ").endsWith("(" + FAILING_ROUNDS + " failed attempts)");
    }
  }
}
