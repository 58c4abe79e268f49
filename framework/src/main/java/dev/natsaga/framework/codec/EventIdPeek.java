package dev.natsaga.framework.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import java.io.IOException;

/**
 * Reads a message's CloudEvents {@code id} without decoding the event: the {@code ce-id} header in binary mode, the
 * top-level {@code id} member in structured mode (a streaming parse that stops there). Whatever is not a readable
 * CloudEvent peeks as null; the full decode refuses it later with its reason.
 */
final class EventIdPeek {

  private final JsonFactory factory = new JsonFactory();

  String id(Message message, String contentType) {
    try {
      if (contentType != null && MediaTypes.is(contentType, CloudEventCodec.STRUCTURED_CONTENT_TYPE)) {
        return structured(message.getData());
      }
      Headers headers = message.getHeaders();
      String raw = headers == null ? null : BinaryMode.find(headers, "id");
      return raw == null ? null : PercentEncoding.decodeHeader(BinaryMode.CE_PREFIX + "id", raw);
    } catch (IOException | InvalidCloudEventException | RuntimeException e) {
      return null;
    }
  }

  private String structured(byte[] data) throws IOException {
    if (data == null || data.length == 0) {
      return null;
    }
    try (JsonParser p = factory.createParser(data)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if ("id".equals(name)) {
          return value == JsonToken.VALUE_STRING ? p.getText() : null;
        }
        p.skipChildren();
      }
      return null;
    }
  }
}
