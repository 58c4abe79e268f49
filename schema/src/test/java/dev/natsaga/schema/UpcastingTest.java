package dev.natsaga.schema;

import static dev.natsaga.schema.TestEnv.PLACED_V1;
import static dev.natsaga.schema.TestEnv.PLACED_V2;
import static dev.natsaga.schema.TestEnv.PLACED_V3;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.natsaga.framework.Event;
import dev.natsaga.framework.HandlerRegistration;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.dlq.DeadLetter;
import dev.natsaga.framework.dlq.DeadLetterReason;
import dev.natsaga.schema.TestEnv.Money;
import dev.natsaga.schema.TestEnv.PlacedV1;
import dev.natsaga.schema.TestEnv.PlacedV2;
import dev.natsaga.schema.TestEnv.PlacedV3;
import dev.natsaga.test.nats.NatsServerExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A v3 handler receives v1 and v2 events upcast, on replay of a stream holding all three and on live consumption. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class UpcastingTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  private final SchemaCatalog catalog = SchemaCatalog.of(ClasspathSchemas.load());

  @Test
  void aStreamHoldingV1V2AndV3EventsIsReplayedIntoAV3HandlerAndLiveOnesAreUpcastToo() throws Exception {
    String env = TestEnv.freshEnv();
    Map<String, Event<PlacedV3>> handled = new ConcurrentHashMap<>();
    HandlerRegistration<PlacedV3> v3 = HandlerRegistration.onEvent(PLACED_V3, PlacedV3.class, e -> handled.put(e.data().orderId(), e))
        .acceptOlderVersions().build();
    SchemaValidation validation = new SchemaValidation(catalog, UnknownTypes.REFUSE);
    try (Natsaga producer = TestEnv.start(TestEnv.options(NATS.url(), env, "shop-service"), List.of(validation))) {
      producer.publisher().publish(PLACED_V1, new PlacedV1("o-1", 4200, "v1"));
      producer.publisher().publish(PLACED_V2, new PlacedV2("o-2", 990, "USD", null));
      producer.publisher().publish(PLACED_V3, new PlacedV3("o-3", new Money(15, "GBP"), null));
      producer.publisher().publish(PLACED_V2, new PlacedV2("o-bad", 5, "JPY", null)); // valid v2, no v3 currency

      try (Natsaga consumer = TestEnv.start(TestEnv.options(NATS.url(), env, "billing-service"),
          List.of(ShopUpcasters.chain(catalog), validation), v3)) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
          assertThat(handled).containsOnlyKeys("o-1", "o-2", "o-3");
          assertThat(consumer.deadLetters().count()).isEqualTo(1);
        });
        assertThat(handled.get("o-1").data()).isEqualTo(new PlacedV3("o-1", new Money(4200, "EUR"), "v1"));
        assertThat(handled.get("o-1").type().name()).isEqualTo(PLACED_V3);
        assertThat(handled.get("o-2").data().total()).isEqualTo(new Money(990, "USD"));
        assertThat(handled.get("o-3").data().total()).isEqualTo(new Money(15, "GBP"));
        DeadLetter dead = consumer.deadLetters().list(0, 5).get(0);
        assertThat(dead.reason()).isEqualTo(DeadLetterReason.SCHEMA_VIOLATION);
        assertThat(dead.error()).contains("from shop.order.placed.v2").contains("$.total.currency").contains("rule: enum");

        producer.publisher().publish(PLACED_V1, new PlacedV1("o-live", 7, null));
        await().atMost(Duration.ofSeconds(20)).until(() -> handled.containsKey("o-live"));
        assertThat(handled.get("o-live").data().total()).isEqualTo(new Money(7, "EUR"));
      }
    }
  }

  @Test
  void aChainIsValidatedAtStartForGapsMissingSchemasAndStepsWhoseResultBreaksTheNextSchema() {
    assertThatThrownBy(() -> Upcasters.builder(catalog).step(PLACED_V2, ShopUpcasters::v2ToV3)
        .step("shop.order.placed.v4", d -> d).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("gap: no upcaster from shop.order.placed.v3 to shop.order.placed.v4")
        .hasMessageContaining("no schema for shop.order.placed.v4");
    assertThatThrownBy(() -> Upcasters.builder(catalog).step(PLACED_V1, d -> d.put("currency", "EUR")).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("the shop.order.placed.v1 example")
        .hasMessageContaining("amountMinor")
        .hasMessageContaining("rule: required");
    assertThat(ShopUpcasters.chain(catalog)).isNotNull();
  }
}
