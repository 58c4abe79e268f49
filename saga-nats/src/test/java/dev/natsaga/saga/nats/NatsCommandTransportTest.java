package dev.natsaga.saga.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.natsaga.framework.Event;
import dev.natsaga.framework.HandlerRegistration;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.saga.StepPhase;
import dev.natsaga.saga.nats.ShopSaga.Authorize;
import dev.natsaga.saga.outbox.OutboxMessage;
import dev.natsaga.test.nats.NatsServerExtension;
import io.nats.client.JetStreamManagement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Outbox messages published as CloudEvents through the framework publisher to a real nats-server. */
@Timeout(30)
class NatsCommandTransportTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  private final String env = TestNats.freshEnv();
  private final List<Event<Authorize>> received = new CopyOnWriteArrayList<>();
  private Natsaga natsaga;

  @AfterEach
  void close() throws InterruptedException {
    if (natsaga != null) {
      natsaga.close();
    }
  }

  private static OutboxMessage message(UUID sagaId, String step, String payloadJson) {
    UUID commandId = UUID.randomUUID();
    return new OutboxMessage(UUID.randomUUID(), commandId, sagaId, ShopSaga.NAME, step, StepPhase.EXECUTE, ShopSaga.AUTHORIZE,
        "order-9", payloadJson, Map.of(OutboxMessage.SAGA_ID, sagaId.toString(), OutboxMessage.SAGA_STEP, step,
        OutboxMessage.COMMAND_ID, commandId.toString(), OutboxMessage.CORRELATION_ID, sagaId.toString()), Instant.now());
  }

  @Test
  void publishesEachMessageAsACloudEventWithItsIdsAndRawJson() throws Exception {
    natsaga = Natsaga.builder(TestNats.options(NATS.url(), env, "payment-service"))
        .handler(HandlerRegistration.on(ShopSaga.AUTHORIZE, Authorize.class, received::add).build())
        .build().start();
    NatsCommandTransport transport = new NatsCommandTransport(natsaga.publisher());
    UUID sagaId = UUID.randomUUID();
    OutboxMessage first = message(sagaId, "authorize-payment", "{\"orderId\":\"order-9\",\"amount\":42}");
    OutboxMessage second = message(sagaId, "authorize-payment", "{\"orderId\":\"order-9\",\"amount\":43}");

    assertThat(transport.publish(List.of(first, second))).containsExactly(first.id(), second.id());
    assertThat(transport.publish(List.of(first))).as("a re-publish after a crash counts as published").containsExactly(first.id());

    await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 2);
    Event<Authorize> event = received.stream().filter(e -> e.id().equals(first.id().toString())).findFirst().orElseThrow();
    assertThat(event.data()).as("the stored JSON is the data, not a JSON string").isEqualTo(new Authorize("order-9", 42));
    assertThat(event.subject()).isEqualTo("order-9");
    assertThat(event.extension("sagaid")).isEqualTo(sagaId.toString());
    assertThat(event.extension("sagastep")).isEqualTo("authorize-payment");
    assertThat(event.extension("commandid")).isEqualTo(first.commandId().toString());
    assertThat(event.correlationId()).isEqualTo(sagaId.toString());
    JetStreamManagement jsm = natsaga.connection().jetStreamManagement();
    assertThat(jsm.getStreamInfo(env.toUpperCase() + "_PAYMENT").getStreamState().getMsgCount())
        .as("Nats-Msg-Id = message id: the stream dropped the re-publish").isEqualTo(2);
  }

  @Test
  void messagesThatCannotBePublishedStayInTheOutbox() throws Exception {
    natsaga = Natsaga.builder(TestNats.options(NATS.url(), env, "shop-service")).build().start();   // no PAYMENT stream
    NatsCommandTransport transport = new NatsCommandTransport(natsaga.publisher(), Duration.ofSeconds(5));

    assertThat(transport.publish(List.of(message(UUID.randomUUID(), "authorize-payment", "{}")))).isEmpty();
  }
}
