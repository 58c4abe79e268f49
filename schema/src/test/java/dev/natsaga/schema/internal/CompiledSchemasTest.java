package dev.natsaga.schema.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.natsaga.schema.SchemaDocument;
import dev.natsaga.schema.SchemaLimits;
import dev.natsaga.schema.SchemaViolation;
import java.nio.charset.StandardCharsets;
import java.util.List;
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
}
