package dev.natsaga.schema;

import static dev.natsaga.schema.TestEnv.PLACED_V1;
import static dev.natsaga.schema.TestEnv.PLACED_V2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.natsaga.framework.Environment;
import dev.natsaga.framework.HandlerRegistration;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.framework.PublishResult;
import dev.natsaga.schema.TestEnv.PlacedV1;
import dev.natsaga.schema.TestEnv.PlacedV2;
import dev.natsaga.test.nats.NatsServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The documented v1 → v2 cut-over with 5,000 events in flight: old and new producers publish v1 and v2 at once while
 * a consumer with both handlers runs; v1 is drained, the consumer is redeployed without its v1 handler and the v1
 * durable retired; every order is handled exactly once.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class CutoverTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  private static final int IN_FLIGHT = 5_000;
  private static final String SERVICE = "billing";

  private final Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();

  private void bill(String orderId) {
    handled.computeIfAbsent(orderId, k -> new AtomicInteger()).incrementAndGet();
  }

  @Test
  void aConsumerMovesFromV1ToV2WithoutLosingOrDoubleHandlingAnEvent() throws Exception {
    String env = TestEnv.freshEnv();
    SchemaValidation validation = new SchemaValidation(SchemaCatalog.of(ClasspathSchemas.load()), UnknownTypes.REFUSE);
    HandlerRegistration<PlacedV1> v1 = HandlerRegistration.onEvent(PLACED_V1, PlacedV1.class, e -> bill(e.data().orderId()))
        .options(o -> o.withConcurrency(4)).build();
    HandlerRegistration<PlacedV2> v2 = HandlerRegistration.onEvent(PLACED_V2, PlacedV2.class, e -> bill(e.data().orderId()))
        .options(o -> o.withConcurrency(4)).build();
    String stream = Environment.of(env).streamName("shop");
    String v1Durable = v1.durableName(SERVICE);

    try (Natsaga oldProducer = TestEnv.start(TestEnv.options(NATS.url(), env, "orders"), List.of(validation));
        Natsaga newProducer = TestEnv.start(TestEnv.options(NATS.url(), env, "orders"), List.of(validation))) {
      try (Natsaga both = TestEnv.start(TestEnv.options(NATS.url(), env, SERVICE), List.of(validation), v1, v2)) {
        CompletableFuture<List<PublishResult>> olds = CompletableFuture.supplyAsync(() -> publish(oldProducer, PLACED_V1, 0));
        CompletableFuture<List<PublishResult>> news = CompletableFuture.supplyAsync(() -> publish(newProducer, PLACED_V2, IN_FLIGHT / 2));
        assertThat(olds.join()).hasSize(IN_FLIGHT / 2);
        assertThat(news.join()).hasSize(IN_FLIGHT / 2);

        Cutover.awaitDrained(both.connection(), stream, v1Durable, Duration.ofSeconds(90));
      }
      try (Natsaga v2Only = TestEnv.start(TestEnv.options(NATS.url(), env, SERVICE), List.of(validation), v2)) {
        Cutover.retire(v2Only.connection(), stream, v1Durable);
        assertThat(v2Only.connection().jetStreamManagement().getConsumerNames(stream)).doesNotContain(v1Durable);
        for (int i = IN_FLIGHT; i < IN_FLIGHT + 100; i++) {
          newProducer.publisher().publish(PLACED_V2, new PlacedV2("o-" + i, 1 + i, "EUR", null));
        }
        await().atMost(Duration.ofSeconds(90)).until(() -> handled.size() == IN_FLIGHT + 100);
        Cutover.awaitDrained(v2Only.connection(), stream, v2.durableName(SERVICE), Duration.ofSeconds(30));
      }
    }
    assertThat(handled).hasSize(IN_FLIGHT + 100);
    assertThat(handled.entrySet()).as("no order handled twice").allSatisfy(e -> assertThat(e.getValue().get()).isEqualTo(1));
  }

  @Test
  void aDurableWithPendingMessagesIsNotRetired() throws Exception {
    String env = TestEnv.freshEnv();
    HandlerRegistration<PlacedV1> v1 = HandlerRegistration.onEvent(PLACED_V1, PlacedV1.class, e -> bill(e.data().orderId())).build();
    String stream = Environment.of(env).streamName("shop");
    TestEnv.start(TestEnv.options(NATS.url(), env, SERVICE), List.of(), v1).close();
    try (Natsaga producer = TestEnv.start(TestEnv.options(NATS.url(), env, "orders"), List.of())) {
      for (int i = 0; i < 3; i++) {
        producer.publisher().publish(PLACED_V1, new PlacedV1("o-" + i, 1, null));
      }
      assertThatThrownBy(() -> Cutover.retire(producer.connection(), stream, v1.durableName(SERVICE)))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("3 message(s) pending");
      assertThatThrownBy(() -> Cutover.awaitDrained(producer.connection(), stream, v1.durableName(SERVICE), Duration.ofMillis(300)))
          .isInstanceOf(java.util.concurrent.TimeoutException.class).hasMessageContaining("3 pending");
      assertThat(producer.connection().jetStreamManagement().getConsumerNames(stream)).contains(v1.durableName(SERVICE));
    }
  }

  private static List<PublishResult> publish(Natsaga producer, String type, int from) {
    List<CompletableFuture<PublishResult>> futures = new ArrayList<>();
    for (int i = from; i < from + IN_FLIGHT / 2; i++) {
      Object data = type.equals(PLACED_V1) ? new PlacedV1("o-" + i, 1 + i, null) : new PlacedV2("o-" + i, 1 + i, "EUR", null);
      futures.add(producer.publisher().publishAsync(OutgoingEvent.event(type, data).build()));
    }
    return futures.stream().map(CompletableFuture::join).toList();
  }
}
