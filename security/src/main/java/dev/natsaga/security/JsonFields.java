package dev.natsaga.security;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Replacing the value at a JSON pointer inside a parsed JSON document. */
final class JsonFields {

  private JsonFields() {
  }

  /** Replaces the value at {@code pointer} (which must exist) with {@code value}. */
  static void replace(JsonNode root, String pointer, JsonNode value) {
    JsonPointer p = JsonPointer.compile(pointer);
    JsonNode parent = root.at(p.head());
    String last = p.last().getMatchingProperty();
    if (parent instanceof ObjectNode object) {
      object.set(last, value);
    } else if (parent instanceof ArrayNode array) {
      array.set(p.last().getMatchingIndex(), value);
    } else {
      throw new IllegalArgumentException("no field at " + pointer);
    }
  }

  /** Whether the document has a value other than null at {@code pointer}. */
  static boolean present(JsonNode root, String pointer) {
    JsonNode node = root.at(pointer);
    return !node.isMissingNode() && !node.isNull();
  }
}
