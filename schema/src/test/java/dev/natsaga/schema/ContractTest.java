package dev.natsaga.schema;

import static dev.natsaga.schema.TestEnv.PLACED_V1;
import static dev.natsaga.schema.TestEnv.PLACED_V2;
import static dev.natsaga.schema.TestEnv.PLACED_V3;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.natsaga.framework.Environment;
import dev.natsaga.framework.EventType;
import dev.natsaga.framework.HandlerRegistration;
import dev.natsaga.framework.Json;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.schema.TestEnv.Money;
import dev.natsaga.schema.TestEnv.PlacedV1;
import dev.natsaga.schema.TestEnv.PlacedV3;
import dev.natsaga.schema.testing.PublishedEvents;
import dev.natsaga.schema.testing.SchemaContracts;
import dev.natsaga.test.nats.NatsServerExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract-test helpers: recorded events checked against schemas, examples bound, samples generated. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ContractTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  private final SchemaCatalog catalog = SchemaCatalog.of(ClasspathSchemas.load());

  /** A consumer class that does not fit v1 (amount is a number, not an object). */
  record WrongV1(String orderId, Money amount) {
  }

  @Test
  void publishedEventsAreRecordedAndEachBrokenOneIsNamedWithItsPath() throws Exception {
    String env = TestEnv.freshEnv();
    try (Natsaga unvalidated = TestEnv.start(TestEnv.options(NATS.url(), env, "shop"), List.of());
        PublishedEvents published = PublishedEvents.record(unvalidated.connection(), Environment.of(env))) {
      unvalidated.publisher().publish(PLACED_V1, new PlacedV1("o-1", 10, null));
      published.awaitCount(1, Duration.ofSeconds(5)).assertAllMatch(catalog);

      var bad = unvalidated.publisher().publish(PLACED_V1, new PlacedV1("order 2", -5, null));
      unvalidated.publisher().publish("shop.order.shipped.v1", Map.of("orderId", "o-1"));
      published.awaitCount(3, Duration.ofSeconds(5));
      assertThat(published.events()).hasSize(3);
      assertThatThrownBy(() -> published.assertAllMatch(catalog))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("3 published event(s) break their contract")
          .hasMessageContaining(PLACED_V1 + "/" + bad.eventId() + ": $.orderId")
          .hasMessageContaining("$.amount").hasMessageContaining("rule: minimum")
          .hasMessageContaining("shop.order.shipped.v1/").hasMessageContaining("no schema for this type");
    }
  }

  @Test
  void aPayloadClassMustBindEveryExampleOfItsSchema() {
    SchemaContracts.assertBindsExamples(catalog, PLACED_V1, PlacedV1.class);
    SchemaContracts.assertBindsExamples(catalog, PLACED_V3, PlacedV3.class);
    assertThatThrownBy(() -> SchemaContracts.assertBindsExamples(catalog, PLACED_V1, WrongV1.class))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("WrongV1 does not bind 2 example(s) of shop.order.placed.v1")
        .hasMessageContaining("{\"orderId\":\"o-1\",\"amount\":4200}");
  }

  @Test
  void generatedSamplesValidateBindAndAreHandled() throws Exception {
    for (String type : List.of(PLACED_V1, PLACED_V2, PLACED_V3)) {
      String sample = SchemaContracts.sampleData(catalog, type);
      assertThat(catalog.validate(EventType.parse(type), sample.getBytes(StandardCharsets.UTF_8))).as(type).isEmpty();
    }
    SchemaDocument noExamples = SchemaDocument.of("shop.cart.filled.v1", """
        {"type": "object", "properties": {"cartId": {"type": "string", "format": "uuid"}, "items": {"type": "array", "minItems": 2,
         "items": {"type": "object", "properties": {"sku": {"type": "string", "minLength": 3}, "qty": {"type": "integer", "minimum": 1}},
         "required": ["sku", "qty"]}}, "at": {"type": "string", "format": "date-time"}}, "required": ["cartId", "items", "at"]}""");
    String generated = SampleData.generate(noExamples);
    assertThat(catalog.validate(noExamples, generated.getBytes(StandardCharsets.UTF_8))).isEmpty();
    assertThat(Json.mapper().readTree(generated).get("items").size()).isEqualTo(2);

    String env = TestEnv.freshEnv();
    Map<String, PlacedV3> handled = new ConcurrentHashMap<>();
    HandlerRegistration<PlacedV3> handler = HandlerRegistration.onEvent(PLACED_V3, PlacedV3.class, e -> handled.put(e.id(), e.data())).build();
    try (Natsaga consumer = TestEnv.start(TestEnv.options(NATS.url(), env, "billing"),
        List.of(new SchemaValidation(catalog, UnknownTypes.REFUSE)), handler)) {
      var sent = consumer.publisher().publish(SchemaContracts.sampleEvent(catalog, PLACED_V3));
      await().atMost(Duration.ofSeconds(10)).until(() -> handled.containsKey(sent.eventId()));
      assertThat(handled.get(sent.eventId()).total().amountMinor()).isPositive();
    }
  }
}
