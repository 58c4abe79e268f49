package dev.natsaga.schema;

import dev.natsaga.schema.internal.BoundedJson;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Small reads of schema text (its {@code $id}, its {@code examples}) without compiling it. */
final class SchemaJson {

  private static final BoundedJson JSON = new BoundedJson(SchemaLimits.DEFAULT);

  private SchemaJson() {
  }

  static JsonNode tree(String json) {
    try {
      return JSON.read(json);
    } catch (BoundedJson.JsonLimitException e) {
      throw new IllegalArgumentException("not a readable JSON Schema: " + e.getMessage(), e);
    }
  }

  static String stringField(String json, String field) {
    JsonNode node = tree(json).get(field);
    return node != null && node.isString() ? node.asString() : null;
  }

  /** The schema's top-level {@code examples}, each as JSON text. */
  static List<String> examples(String json) {
    JsonNode examples = tree(json).get("examples");
    List<String> out = new ArrayList<>();
    if (examples != null && examples.isArray()) {
      examples.forEach(e -> out.add(e.toString()));
    }
    return out;
  }
}
