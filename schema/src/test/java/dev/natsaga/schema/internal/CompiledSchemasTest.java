package dev.natsaga.schema.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.natsaga.schema.internal.BoundedRegex.PatternBudgetException;

import dev.natsaga.schema.SchemaDocument;
import dev.natsaga.schema.SchemaLimits;
import dev.natsaga.schema.SchemaViolation;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

/**
 * The compiled validators as the boundaries use them: invalid data is reported with every violation (path and rule),
 * and each assertion the schemas rely on (formats, patterns, bounds, required, additional properties) counts on its own.
 */
class CompiledSchemasTest {

  private static final SchemaDocument ORDER = SchemaDocument.of("shop.order.placed.v1", """
      {"$schema": "https://json-schema.org/draft/2020-12/schema",
       "type": "object",
       "properties": {
         "orderId": {"type": "string", "format": "uuid"},
         "sku": {"type": "string", "pattern": "^SKU-[0-9]{1,6}$"},
         "quantity": {"type": "integer", "minimum": 1, "maximum": 10}
       },
       "required": ["orderId", "sku", "quantity"],
       "additionalProperties": false}""");
  private static final String VALID = "{\"orderId\":\"3f1a7c2e-8d4b-3c2a-9e1f-2b3c4d5e6f70\",\"sku\":\"SKU-42\",\"quantity\":2}";

  private final CompiledSchemas schemas = new CompiledSchemas(SchemaLimits.DEFAULT);

  private List<SchemaViolation> validate(String json) {
    return schemas.validate(ORDER, json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void validDataHasNoViolations() {
    assertThat(validate(VALID)).isEmpty();
  }

  @Test
  void invalidDataListsEveryViolationWithItsPathAndRule() {
    List<SchemaViolation> violations = validate("{\"orderId\":\"not-a-uuid\",\"sku\":\"sku-42\",\"quantity\":11,\"extra\":1}");
    assertThat(violations).extracting(SchemaViolation::rule)
        .containsExactlyInAnyOrder("format", "pattern", "maximum", "additionalProperties");
    assertThat(violations).extracting(SchemaViolation::path).contains("$.orderId", "$.sku", "$.quantity");
  }

  @Test
  void eachAssertionAloneIsAViolation() {
    assertThat(validate(VALID.replace("3f1a7c2e", "3f1a7c2x"))).singleElement()
        .satisfies(v -> assertThat(v.rule()).isEqualTo("format"));
    assertThat(validate(VALID.replace("SKU-42", "SKU-4200000"))).singleElement()
        .satisfies(v -> assertThat(v.rule()).isEqualTo("pattern"));
    assertThat(validate(VALID.replace("\"quantity\":2", "\"quantity\":0"))).singleElement()
        .satisfies(v -> assertThat(v.rule()).isEqualTo("minimum"));
    assertThat(validate(VALID.replace(",\"quantity\":2", ""))).singleElement()
        .satisfies(v -> assertThat(v.rule()).isEqualTo("required"));
  }

  @Test
  void uuidFormatAcceptsTheTextualFormInEitherCaseAndNothingElse() {
    for (String ok : List.of("3f1a7c2e-8d4b-3c2a-9e1f-2b3c4d5e6f70", "3F1A7C2E-8D4B-3C2A-9E1F-2B3C4D5E6F70",
        "00000000-0000-0000-0000-000000000000")) {
      assertThat(validate(VALID.replace("3f1a7c2e-8d4b-3c2a-9e1f-2b3c4d5e6f70", ok))).as(ok).isEmpty();
    }
    for (String bad : List.of("3f1a7c2e8d4b-3c2a-9e1f-2b3c4d5e6f70-", "3f1a7c2e-8d4b-3c2a-9e1f-2b3c4d5e6f7",
        "3f1a7c2e-8d4b-3c2a-9e1f-2b3c4d5e6f700", "3f1a7c2e-8d4b-3c2a-9e1f-2b3c4d5e6f7g", "{3f1a7c2e-8d4b-3c2a-9e1f-2b3c4d5e6f}",
        "3f1a7c2e-8d4b-3c2a-9e1f-2b3c4d5e6f7\\n", "３f1a7c2e-8d4b-3c2a-9e1f-2b3c4d5e6f70", "")) {
      assertThat(validate(VALID.replace("3f1a7c2e-8d4b-3c2a-9e1f-2b3c4d5e6f70", bad))).as(bad).singleElement()
          .satisfies(v -> assertThat(v.rule()).isEqualTo("format"));
    }
  }

  @Test
  void aPatternsReusedMatcherStartsEachValueWithAFullBudget() {
    var pattern = new BoundedRegex(10_000).getRegularExpression("^(.*?,){30}P");
    String hostile = ",".repeat(25) + "x".repeat(40);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> pattern.matches(hostile))
        .isInstanceOf(PatternBudgetException.class);
    assertThat(pattern.matches(",".repeat(30) + "P")).isTrue();
    assertThat(pattern.matches("no commas")).isFalse();
    var sku = new BoundedRegex(10_000).getRegularExpression("^SKU-[0-9]{1,6}$");
    assertThat(sku.matches("SKU-42")).isTrue();
    assertThat(sku.matches("SKU-42\n")).isFalse();
  }

  @Test
  void threadsValidatingAtOnceEachGetTheirOwnVerdict() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> verdicts = new ArrayList<>();
      for (int i = 0; i < 4_000; i++) {
        boolean valid = i % 3 != 0;
        String json = valid ? VALID.replace("SKU-42", "SKU-" + i % 999_999) : VALID.replace("SKU-42", "SKU-x" + i);
        verdicts.add(pool.submit(() -> validate(json).isEmpty() == valid));
      }
      for (Future<Boolean> v : verdicts) {
        assertThat(v.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
