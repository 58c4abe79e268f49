package dev.natsaga.schema;

import dev.natsaga.schema.internal.CompiledSchemas;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Generates data that validates against a schema, for consumer tests: every property filled (a property's own
 * {@code examples}, {@code const}, {@code enum} or {@code default} first, else a value its type, format and bounds allow).
 * A generated value is checked against the schema; when it does not validate (a {@code pattern} it cannot guess) the
 * schema's first top-level example is returned instead, and without one the generation fails naming the violations.
 *
 * <pre>{@code
 * String json = SampleData.generate(catalog.require(EventType.parse("shop.order.placed.v1")));
 * }</pre>
 */
public final class SampleData {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final CompiledSchemas VALIDATOR = new CompiledSchemas(SchemaLimits.DEFAULT);
  private static final int MAX_DEPTH = 16;

  private SampleData() {
  }

  /** Valid JSON data for {@code doc}. */
  public static String generate(SchemaDocument doc) {
    JsonNode generated = value(SchemaJson.tree(doc.json()), 0);
    String json = generated.toString();
    List<SchemaViolation> violations = VALIDATOR.validate(doc, json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    if (violations.isEmpty()) {
      return json;
    }
    List<String> examples = doc.examples();
    if (!examples.isEmpty()) {
      return examples.get(0);
    }
    throw new IllegalStateException("cannot generate valid data for " + doc.type() + " (add \"examples\" to its schema): " + violations);
  }

  private static JsonNode value(JsonNode schema, int depth) {
    if (schema == null || !schema.isObject() || depth > MAX_DEPTH) {
      return NODES.nullNode();
    }
    for (String given : List.of("const", "default")) {
      if (schema.has(given)) {
        return schema.get(given);
      }
    }
    if (schema.has("examples") && schema.get("examples").isArray() && !schema.get("examples").isEmpty() && depth > 0) {
      return schema.get("examples").get(0);
    }
    if (schema.has("enum") && !schema.get("enum").isEmpty()) {
      return schema.get("enum").get(0);
    }
    for (String choice : List.of("oneOf", "anyOf", "allOf")) {
      if (schema.has(choice) && !schema.get(choice).isEmpty()) {
        return value(schema.get(choice).get(0), depth + 1);
      }
    }
    return switch (type(schema)) {
      case "object" -> object(schema, depth);
      case "array" -> array(schema, depth);
      case "string" -> string(schema);
      case "integer", "number" -> NODES.numberNode(number(schema));
      case "boolean" -> NODES.booleanNode(true);
      default -> NODES.nullNode();
    };
  }

  private static String type(JsonNode schema) {
    JsonNode type = schema.get("type");
    if (type != null && type.isArray()) {
      for (JsonNode t : type) {
        if (!"null".equals(t.asString())) {
          return t.asString();
        }
      }
      return "null";
    }
    if (type != null) {
      return type.asString();
    }
    return schema.has("properties") ? "object" : "null";
  }

  private static ObjectNode object(JsonNode schema, int depth) {
    ObjectNode out = NODES.objectNode();
    JsonNode props = schema.get("properties");
    if (props != null) {
      for (String name : props.propertyNames()) {
        out.set(name, value(props.get(name), depth + 1));
      }
    }
    return out;
  }

  private static ArrayNode array(JsonNode schema, int depth) {
    ArrayNode out = NODES.arrayNode();
    int count = Math.max(1, schema.path("minItems").asInt(1));
    for (int i = 0; i < Math.min(count, 100); i++) {
      out.add(value(schema.get("items"), depth + 1));
    }
    return out;
  }

  private static JsonNode string(JsonNode schema) {
    String format = schema.path("format").asString("");
    String value = switch (format) {
      case "date-time" -> "2026-01-01T12:00:00Z";
      case "date" -> "2026-01-01";
      case "time" -> "12:00:00Z";
      case "uuid" -> UUID.nameUUIDFromBytes(schema.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
      case "email" -> "someone@example.com";
      case "uri" -> "https://example.com/x";
      default -> "x".repeat(Math.max(1, schema.path("minLength").asInt(1)));
    };
    return NODES.stringNode(value);
  }

  private static long number(JsonNode schema) {
    if (schema.has("minimum")) {
      return (long) Math.ceil(schema.get("minimum").asDouble());
    }
    if (schema.has("exclusiveMinimum")) {
      return (long) Math.floor(schema.get("exclusiveMinimum").asDouble()) + 1;
    }
    return schema.has("maximum") ? Math.min(1, (long) Math.floor(schema.get("maximum").asDouble())) : 1;
  }
}
