package dev.natsaga.console.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.natsaga.framework.Json;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** JSON for the API and for showing payloads: pretty printing with sensitive fields masked. */
public final class JsonText {

  static final String MASK = "***";
  private static final ObjectMapper MAPPER = Json.mapper();

  private JsonText() {
  }

  /** @return {@code value} as JSON */
  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * @return the payload pretty-printed with the values of {@code masked} fields (lower-case names, any depth)
   *     replaced by {@value #MASK}; a payload that is not JSON comes back as text, unchanged
   */
  public static String pretty(byte[] payload, Set<String> masked) {
    return pretty(new String(payload == null ? new byte[0] : payload, StandardCharsets.UTF_8), masked);
  }

  public static String pretty(String text, Set<String> masked) {
    try {
      JsonNode node = MAPPER.readTree(text);
      if (node == null || node.isMissingNode()) {
        return text;
      }
      mask(node, masked);
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
    } catch (JsonProcessingException e) {
      return text;
    }
  }

  /** A structured-mode CloudEvent's {@code data} may hold the payload as an embedded JSON string: masked too. */
  private static void mask(JsonNode node, Set<String> masked) {
    if (node instanceof ObjectNode object) {
      Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> f = fields.next();
        if (masked.contains(f.getKey().toLowerCase(Locale.ROOT))) {
          f.setValue(TextNode.valueOf(MASK));
        } else {
          mask(f.getValue(), masked);
        }
      }
    } else if (node instanceof ArrayNode array) {
      array.forEach(child -> mask(child, masked));
    }
  }

  /** @return the JSON tree of {@code text}, a missing node when it is not JSON */
  public static JsonNode parse(String text) {
    try {
      JsonNode node = MAPPER.readTree(text);
      return node == null ? MAPPER.missingNode() : node;
    } catch (JsonProcessingException e) {
      return MAPPER.missingNode();
    }
  }

  static JsonNode read(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw HttpFailure.badRequest("the body is not JSON: " + e.getOriginalMessage());
    }
  }
}
