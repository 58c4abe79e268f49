package dev.natsaga.schema;

import static dev.natsaga.schema.TestEnv.PLACED_V1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.natsaga.framework.Event;
import dev.natsaga.framework.EventType;
import dev.natsaga.framework.HandlerRegistration;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.dlq.DeadLetter;
import dev.natsaga.framework.dlq.DeadLetterReason;
import dev.natsaga.schema.TestEnv.PlacedV1;
import dev.natsaga.test.nats.NatsServerExtension;
import io.nats.client.impl.Headers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hostile payloads and schemas are refused or validated in bounded time: deep nesting, huge arrays and strings,
 * catastrophic-backtracking patterns, recursive and remote references. The time bounds are generous (the build box is
 * shared); without the limits each case takes minutes, overflows the stack or fills the heap.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class HostileInputTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  private static final Duration BOUND = Duration.ofSeconds(3);
  private final SchemaCatalog catalog = SchemaCatalog.of(ClasspathSchemas.load());
  private final SchemaDocument placed = catalog.require(EventType.parse(PLACED_V1));

  private static String deepArray(int depth) {
    return "[".repeat(depth) + "]".repeat(depth);
  }

  private static String hugeArray(int n) {
    StringBuilder b = new StringBuilder("{\"orderId\":\"o-1\",\"amount\":1,\"tags\":[");
    for (int i = 0; i < n; i++) {
      b.append(i == 0 ? "" : ",").append(i);
    }
    return b.append("]}").toString();
  }

  private static <T> T within(Duration bound, Supplier<T> work) {
    long start = System.nanoTime();
    T result = work.get();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(bound);
    return result;
  }

  @Test
  void deepNestingHugeArraysAndHugeStringsAreRefusedQuickly() {
    assertThat(within(BOUND, () -> catalog.validate(placed, deepArray(100_000).getBytes())))
        .singleElement().satisfies(v -> assertThat(v.rule()).isEqualTo("limits")).extracting(SchemaViolation::message)
        .asString().contains("nesting depth");
    assertThat(within(BOUND, () -> catalog.validate(placed, hugeArray(300_000).getBytes())))
        .singleElement().extracting(SchemaViolation::message).asString().contains("over the validation limit");
    String hugeString = "{\"orderId\":\"o-1\",\"amount\":1,\"note\":\"" + "x".repeat(600_000) + "\"}";
    assertThat(within(BOUND, () -> catalog.validate(placed, hugeString.getBytes())))
        .singleElement().extracting(SchemaViolation::message).asString().contains("String value length");
    assertThat(within(BOUND, () -> catalog.validate(placed, hugeArray(100_000).getBytes())))
        .as("a large array under the limits is validated, not refused").isEmpty();
  }

  @Test
  void aCatastrophicPatternFailsWithinItsTimeout() {
    SchemaDocument evil = SchemaDocument.of("shop.order.tagged.v1", """
        {"type": "object", "properties": {"code": {"type": "string", "pattern": "^(.*?,){30}P"}}}""");
    String input = "{\"code\":\"" + "1,".repeat(28) + "x\"}";
    assertThat(within(BOUND, () -> catalog.validate(evil, input.getBytes())))
        .singleElement().satisfies(v -> assertThat(v.rule()).isEqualTo("pattern"))
        .extracting(SchemaViolation::message).asString().contains("read more than");
    assertThat(within(BOUND, () -> catalog.validate(evil, ("{\"code\":\"" + "1,".repeat(30) + "P\"}").getBytes()))).isEmpty();
  }

  /** Found by the reliability fuzz run: {@code "EUR\n"} passed {@code ^[A-Z]{3}$} (the JDK's {@code $} is not ECMA-262's). */
  @Test
  void aDollarAnchorMatchesOnlyAtTheEndOfTheInputAsInEcma262() {
    SchemaDocument currency = SchemaDocument.of("shop.order.priced.v1", """
        {"type": "object", "properties": {"currency": {"type": "string", "pattern": "^[A-Z]{3}$"},
          "note": {"type": "string", "pattern": "^[$]\\\\$\\\\Q$\\\\E(a|b$)"}}}""");
    assertThat(catalog.validate(currency, "{\"currency\":\"EUR\"}".getBytes())).isEmpty();
    for (String bad : new String[] {"EUR\\n", "EUR\\r\\n", "EUR\\u2028", "\\nEUR"}) {
      assertThat(catalog.validate(currency, ("{\"currency\":\"" + bad + "\"}").getBytes())).as(bad)
          .singleElement().satisfies(v -> assertThat(v.rule()).isEqualTo("pattern"));
    }
    // a $ in a class, escaped or quoted stays a literal dollar; an anchor inside a group still anchors
    assertThat(catalog.validate(currency, "{\"note\":\"$$$b\"}".getBytes())).isEmpty();
    assertThat(catalog.validate(currency, "{\"note\":\"$$$a-and-more\"}".getBytes())).isEmpty();
    assertThat(catalog.validate(currency, "{\"note\":\"$$$b\\n\"}".getBytes())).isNotEmpty();
  }

  @Test
  void hostileSchemasAreRefusedOrBounded() {
    SchemaDocument recursive = SchemaDocument.of("shop.order.nested.v1", """
        {"$defs": {"n": {"type": "array", "items": {"$ref": "#/$defs/n"}}}, "$ref": "#/$defs/n"}""");
    assertThat(within(BOUND, () -> catalog.validate(recursive, deepArray(60).getBytes()))).isEmpty();
    assertThat(within(BOUND, () -> catalog.validate(recursive, deepArray(100).getBytes())))
        .singleElement().extracting(SchemaViolation::rule).isEqualTo("limits");

    SchemaDocument remote = SchemaDocument.of("shop.order.remote.v1", """
        {"type": "object", "properties": {"x": {"$ref": "https://schemas.invalid/evil.json"}}}""");
    assertThatThrownBy(() -> within(BOUND, () -> catalog.validate(remote, "{\"x\": 1}".getBytes())))
        .hasMessageContaining("shop.order.remote.v1");

    SchemaDocument deep = SchemaDocument.of("shop.order.deep.v1", "{\"items\":".repeat(5_000) + "{}" + "}".repeat(5_000));
    assertThatThrownBy(() -> within(BOUND, () -> catalog.validate(deep, "[]".getBytes())))
        .hasMessageContaining("schema of shop.order.deep.v1 is invalid").hasMessageContaining("nesting depth");

    SchemaDocument badPattern = SchemaDocument.of("shop.order.badpattern.v1", """
        {"properties": {"x": {"type": "string", "pattern": "(unclosed"}}}""");
    assertThatThrownBy(() -> catalog.compile(badPattern)).hasMessageContaining("shop.order.badpattern.v1");
  }

  @Test
  void aConsumerDeadLettersHostilePayloadsAndKeepsHandling() throws Exception {
    String env = TestEnv.freshEnv();
    List<Event<PlacedV1>> handled = Collections.synchronizedList(new ArrayList<>());
    HandlerRegistration<PlacedV1> handler = HandlerRegistration.onEvent(PLACED_V1, PlacedV1.class, handled::add).build();
    SchemaDocument evilPlaced = SchemaDocument.of(PLACED_V1, """
        {"type": "object", "properties": {"orderId": {"type": "string", "pattern": "^(.*?o){30}!"}, "amount": {"type": "integer"}}}""");
    SchemaCatalog evilCatalog = SchemaCatalog.of(List.of(t -> java.util.Optional.of(evilPlaced)),
        new SchemaLimits(256 * 1024, 64, 64 * 1024, 1_000_000, 128, 1_000_000));
    try (Natsaga consumer = TestEnv.start(TestEnv.options(NATS.url(), env, "shop-service"),
        List.of(new SchemaValidation(evilCatalog, UnknownTypes.REFUSE)), handler)) {
      String subject = env + "." + PLACED_V1;
      List<String> hostile = List.of(deepArray(50_000), hugeArray(100_000),
          "{\"orderId\":\"" + "o".repeat(40) + "x\",\"amount\":1}", "{\"orderId\":\"o\",\"note\":\"" + "n".repeat(100_000) + "\"}");
      for (String data : hostile) {
        consumer.connection().jetStream().publish(subject, binaryHeaders(), data.getBytes(StandardCharsets.UTF_8));
      }
      consumer.connection().jetStream().publish(subject, binaryHeaders(), ("{\"orderId\":\"" + "o".repeat(30) + "!\",\"amount\":5}").getBytes());
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
        assertThat(handled).hasSize(1);
        assertThat(consumer.deadLetters().count()).isEqualTo(hostile.size());
      });
      for (DeadLetter d : consumer.deadLetters().list(0, 10)) {
        assertThat(d.reason()).isEqualTo(DeadLetterReason.SCHEMA_VIOLATION);
        assertThat(d.deliveryCount()).isEqualTo(1);
      }
    }
  }

  private static Headers binaryHeaders() {
    return new Headers().put("ce-specversion", "1.0").put("ce-id", UUID.randomUUID().toString()).put("ce-source", "fuzzer")
        .put("ce-type", PLACED_V1).put("ce-datacontenttype", "application/json");
  }
}
