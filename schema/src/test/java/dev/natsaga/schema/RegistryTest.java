package dev.natsaga.schema;

import static dev.natsaga.schema.TestEnv.PLACED_V1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.natsaga.framework.Environment;
import dev.natsaga.framework.EventType;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.payload.PayloadRefusedException;
import dev.natsaga.test.nats.NatsServerExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The registry on JetStream KV shared by two services, and a changed schema checked for compatibility on registration. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RegistryTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  private static final String V1 = """
      {"type": "object", "properties": {"orderId": {"type": "string"}, "amount": {"type": "integer"}}, "required": ["orderId"]}""";
  private static final String V1_WITH_OPTIONAL_FIELD = """
      {"type": "object", "properties": {"orderId": {"type": "string"}, "amount": {"type": "integer"},
       "coupon": {"type": "string", "maxLength": 8}}, "required": ["orderId"]}""";
  private static final String V1_BROKEN = """
      {"type": "object", "properties": {"id": {"type": "string"}, "amount": {"type": "string"},
       "coupon": {"type": "string"}, "channel": {"type": "string"}}, "required": ["amount", "channel"]}""";

  @Test
  void twoServicesShareTheRegistryAndAnIncompatibleChangeIsRefusedListingEveryViolation() throws Exception {
    String env = TestEnv.freshEnv();
    try (Natsaga producerRuntime = TestEnv.start(TestEnv.options(NATS.url(), env, "orders"), List.of());
        KvSchemaRegistry producerRegistry = KvSchemaRegistry.open(producerRuntime.connection(), Environment.of(env))) {
      SchemaDocument first = producerRegistry.register(SchemaDocument.of(PLACED_V1, V1));
      assertThat(producerRegistry.register(SchemaDocument.of(PLACED_V1, V1)).revision())
          .as("the same text again changes nothing").isEqualTo(first.revision());

      SchemaCatalog consumerCatalog;
      try (Natsaga consumerRuntime = TestEnv.start(TestEnv.options(NATS.url(), env, "billing"), List.of());
          KvSchemaRegistry consumerRegistry = KvSchemaRegistry.open(consumerRuntime.connection(), Environment.of(env))) {
        consumerCatalog = SchemaCatalog.of(consumerRegistry);
        assertThat(consumerRegistry.find(EventType.parse(PLACED_V1))).get().extracting(SchemaDocument::json).isEqualTo(V1);

        SchemaDocument second = producerRegistry.register(SchemaDocument.of(PLACED_V1, V1_WITH_OPTIONAL_FIELD));
        assertThat(second.revision()).isGreaterThan(first.revision());
        assertThat(consumerRegistry.awaitRevision(EventType.parse(PLACED_V1), second.revision(), Duration.ofSeconds(5)))
            .as("the consumer's copy follows the registry").isTrue();
        assertThat(consumerCatalog.validate(EventType.parse(PLACED_V1), "{\"orderId\":\"o-1\",\"coupon\":\"TOO-LONG-CODE\"}".getBytes()))
            .extracting(SchemaViolation::path).containsExactly("$.coupon");

        assertThatThrownBy(() -> producerRegistry.register(SchemaDocument.of(PLACED_V1, V1_BROKEN)))
            .isInstanceOfSatisfying(IncompatibleSchemaException.class, e -> assertThat(e.violations())
                .extracting(SchemaViolation::path, SchemaViolation::rule)
                .containsExactlyInAnyOrder(
                    org.assertj.core.groups.Tuple.tuple("$.orderId", "removed"),
                    org.assertj.core.groups.Tuple.tuple("$.amount", "retyped"),
                    org.assertj.core.groups.Tuple.tuple("$.amount", "made-required"),
                    org.assertj.core.groups.Tuple.tuple("$.channel", "new-required")))
            .hasMessageContaining("renamed to 'id'?")
            .hasMessageContaining("shop.order.placed.v2");
        assertThat(consumerRegistry.find(EventType.parse(PLACED_V1))).get().extracting(SchemaDocument::json)
            .as("the refused change was not stored").isEqualTo(V1_WITH_OPTIONAL_FIELD);
      }

      Natsaga.Builder b = Natsaga.builder(TestEnv.options(NATS.url(), env, "orders-2")).domains("shop")
          .payloadStage(new SchemaValidation(SchemaCatalog.of(producerRegistry), UnknownTypes.REFUSE));
      try (Natsaga validated = b.build().start()) {
        assertThatThrownBy(() -> validated.publisher().publish(PLACED_V1, Map.of("orderId", "o-1", "coupon", "TOO-LONG-CODE")))
            .isInstanceOf(PayloadRefusedException.class).hasMessageContaining("$.coupon");
        assertThat(validated.publisher().publish(PLACED_V1, Map.of("orderId", "o-1", "coupon", "SAVE5")).sequence()).isPositive();
      }
    }
  }
}
