package dev.natsaga.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nats.client.impl.Headers;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads the attributes of a stored CloudEvent in either content mode, and builds valid ones for the fuzz run's baseline. */
final class CloudEvents {

  private CloudEvents() {
  }

  /** The event's attributes (and {@code data} in structured mode) as JSON, or null when it is no CloudEvent. */
  static JsonNode attributes(Streams.Stored m) {
    Headers h = m.headers();
    String contentType = h == null ? null : h.getFirst("Content-Type");
    if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/cloudevents")) {
      JsonNode n = StoreChecks.json(m.data());
      return n != null && n.isObject() ? n : null;
    }
    if (h == null) {
      return null;
    }
    ObjectNode n = Http.JSON.createObjectNode();
    for (Map.Entry<String, List<String>> e : h.entrySet()) {
      String key = e.getKey().toLowerCase(Locale.ROOT);
      if (key.startsWith("ce-") && !e.getValue().isEmpty()) {
        n.put(key.substring(3), percentDecode(e.getValue().get(0)));
      }
    }
    return n.has("specversion") ? n : null;
  }

  static String percentDecode(String s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%' && i + 2 < s.length() && Character.digit(s.charAt(i + 1), 16) >= 0 && Character.digit(s.charAt(i + 2), 16) >= 0) {
        out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
