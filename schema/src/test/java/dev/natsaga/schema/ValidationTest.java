package dev.natsaga.schema;

import static dev.natsaga.schema.TestEnv.PLACED_V1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.natsaga.framework.Event;
import dev.natsaga.framework.HandlerRegistration;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.framework.PublishException;
import dev.natsaga.framework.dlq.DeadLetter;
import dev.natsaga.framework.dlq.DeadLetterReason;
import dev.natsaga.framework.payload.PayloadRefusedException;
import dev.natsaga.schema.TestEnv.PlacedV1;
import dev.natsaga.test.nats.NatsServerExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Validation at both boundaries against a real nats-server. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ValidationTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  private final SchemaCatalog catalog = SchemaCatalog.of(ClasspathSchemas.load());

  @Test
  void aPublishThatBreaksItsSchemaIsRefusedNamingTypePathAndRuleAndNothingIsSent() throws Exception {
    String env = TestEnv.freshEnv();
    try (Natsaga natsaga = TestEnv.start(TestEnv.options(NATS.url(), env, "shop-service"),
        List.of(new SchemaValidation(catalog, UnknownTypes.WARN)))) {
      assertThatThrownBy(() -> natsaga.publisher().publish(PLACED_V1, new PlacedV1("o-1", 0, null)))
          .isInstanceOf(PayloadRefusedException.class)
          .isInstanceOf(PublishException.class)
          .hasMessageContaining("shop.order.placed.v1")
          .hasMessageContaining("$.amount")
          .hasMessageContaining("rule: minimum");
      assertThatThrownBy(() -> natsaga.publisher().publishAsync(OutgoingEvent.event(PLACED_V1, Map.of("amount", 5)).build()))
          .isInstanceOf(PayloadRefusedException.class)
          .hasMessageContaining("rule: required")
          .hasMessageContaining("orderId");
      String stream = env.toUpperCase() + "_SHOP";
      assertThat(natsaga.connection().jetStreamManagement().getStreamInfo(stream).getStreamState().getMsgCount())
          .as("nothing was sent").isZero();

      var ok = natsaga.publisher().publish(PLACED_V1, new PlacedV1("o-2", 100, null));
      var stored = natsaga.connection().jetStreamManagement().getMessage(stream, ok.sequence());
      assertThat(new String(stored.getData(), StandardCharsets.UTF_8))
          .as("dataschema carries the schema's URI")
          .contains("\"dataschema\":\"https://schemas.example.com/shop.order.placed.v1.json\"");
    }
  }

  @Test
  void aConsumedEventThatBreaksItsSchemaIsDeadLetteredWithThePath() throws Exception {
    String env = TestEnv.freshEnv();
    List<Event<PlacedV1>> handled = Collections.synchronizedList(new ArrayList<>());
    HandlerRegistration<PlacedV1> handler = HandlerRegistration.onEvent(PLACED_V1, PlacedV1.class, handled::add).build();
    try (Natsaga producer = TestEnv.start(TestEnv.options(NATS.url(), env, "legacy-producer"), List.of());
        Natsaga consumer = TestEnv.start(TestEnv.options(NATS.url(), env, "shop-service"),
            List.of(new SchemaValidation(catalog, UnknownTypes.WARN)), handler)) {
      var bad = producer.publisher().publish(PLACED_V1, new PlacedV1("o-1", 100, "x".repeat(300)));
      var good = producer.publisher().publish(PLACED_V1, new PlacedV1("o-2", 100, null));
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        assertThat(handled).extracting(Event::id).containsExactly(good.eventId());
        assertThat(consumer.deadLetters().count()).isEqualTo(1);
      });
      DeadLetter dead = consumer.deadLetters().list(0, 10).get(0);
      assertThat(dead.reason()).isEqualTo(DeadLetterReason.SCHEMA_VIOLATION);
      assertThat(dead.error()).contains("$.note").contains("rule: maxLength");
      assertThat(dead.originalSequence()).isEqualTo(bad.sequence());
    }
  }

  @Test
  void typesWithoutASchemaFollowTheSetting() throws Exception {
    String env = TestEnv.freshEnv();
    String unknown = "shop.order.shipped.v1";
    try (Natsaga refusing = TestEnv.start(TestEnv.options(NATS.url(), env, "strict"),
        List.of(SchemaValidation.fromSettings(catalog, dev.natsaga.framework.config.Settings.of(
            Map.of(SchemaValidation.UNKNOWN_TYPES_SETTING, "refuse")))));
        Natsaga allowing = TestEnv.start(TestEnv.options(NATS.url(), env, "lenient"),
            List.of(new SchemaValidation(catalog, UnknownTypes.ALLOW)))) {
      assertThatThrownBy(() -> refusing.publisher().publish(unknown, Map.of("orderId", "o-1")))
          .isInstanceOf(PayloadRefusedException.class)
          .hasMessageContaining("shop.order.shipped.v1 has no schema")
          .hasMessageContaining("SCHEMA_UNKNOWN_TYPES=refuse");
      assertThat(allowing.publisher().publish(unknown, Map.of("orderId", "o-1")).sequence()).isPositive();
    }
    assertThatThrownBy(() -> SchemaValidation.fromSettings(catalog, dev.natsaga.framework.config.Settings.of(
        Map.of(SchemaValidation.UNKNOWN_TYPES_SETTING, "sometimes"))))
        .hasMessageContaining(SchemaValidation.UNKNOWN_TYPES_SETTING);
  }
}
