package dev.natsaga.framework.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.data.BytesCloudEventData;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Map;

/**
 * Reads a structured-mode JSON CloudEvent in one pass with a streaming parser: the attributes go
 * straight into a {@link CloudEventBuilder} and the {@code data} value is kept as a slice of the
 * message bytes ({@link JsonDataSlice}) that the handler's payload class is bound from later, so no
 * JSON tree is built (the CloudEvents SDK's {@code JsonFormat} reads the whole event into one and then
 * takes it apart: two thirds of a consumer's CPU in the bench).
 *
 * <p>The rules are those of the CloudEvents JSON format: {@code specversion} 1.0; {@code id},
 * {@code source} and {@code type} present, non-empty strings; the other context attributes strings;
 * {@code time} an RFC 3339 timestamp; {@code data} any JSON value when {@code datacontenttype} is
 * absent or JSON, else a string; or {@code data_base64}, never both; every other member an extension
 * (strings, numbers and booleans as such, anything else as its JSON text). A repeated member counts
 * once, the last one winning, as when the JSON is read into a tree.
 */
final class StructuredJsonDecoder {

  private final JsonFactory factory = new JsonFactory();

  CloudEvent decode(byte[] json) throws InvalidCloudEventException {
    try (JsonParser parser = factory.createParser(json)) {
      JsonToken first = parser.nextToken();
      if (first == JsonToken.VALUE_NULL) {
        throw invalid("the payload is JSON null, not an object");
      }
      if (first != JsonToken.START_OBJECT) {
        throw invalid("the payload is not a JSON object but " + describe(first));
      }
      Attributes attributes = new Attributes();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        parser.nextToken();
        read(name, parser, json, attributes);
      }
      if (parser.nextToken() != null) {
        throw invalid("unexpected content after the event object");
      }
      return build(attributes);
    } catch (IOException e) {
      throw invalid(CloudEventCodec.rootMessage(e));
    }
  }

  private void read(String name, JsonParser parser, byte[] json, Attributes a) throws IOException, InvalidCloudEventException {
    switch (name) {
      case "specversion" -> a.specVersion = text(parser, name);
      case "id" -> a.id = text(parser, name);
      case "source" -> a.source = text(parser, name);
      case "type" -> a.type = text(parser, name);
      case "datacontenttype" -> a.dataContentType = text(parser, name);
      case "dataschema" -> a.dataSchema = text(parser, name);
      case "subject" -> a.subject = text(parser, name);
      case "time" -> a.time = text(parser, name);
      case "data" -> a.data = JsonDataSlice.of(parser, json);
      case "data_base64" -> a.dataBase64 = text(parser, name);
      default -> a.extensions.put(name, extensionValue(parser, json));
    }
  }

  private static String text(JsonParser parser, String attribute) throws IOException, InvalidCloudEventException {
    if (parser.currentToken() != JsonToken.VALUE_STRING) {
      throw invalid("attribute '" + attribute + "' must be a JSON string, not " + describe(parser.currentToken()));
    }
    return parser.getText();
  }

  private static Object extensionValue(JsonParser parser, byte[] json) throws IOException {
    return switch (parser.currentToken()) {
      case VALUE_STRING -> parser.getText();
      case VALUE_TRUE, VALUE_FALSE -> parser.getBooleanValue();
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getNumberValue();
      default -> new String(JsonDataSlice.of(parser, json).toBytes(), StandardCharsets.UTF_8);
    };
  }

  private CloudEvent build(Attributes a) throws InvalidCloudEventException {
    if (a.specVersion == null) {
      throw invalid("missing mandatory specversion attribute");
    }
    if (!"1.0".equals(a.specVersion)) {
      throw invalid("unsupported specversion '" + a.specVersion + "' (expected 1.0)");
    }
    CloudEventBuilder builder = CloudEventBuilder.v1()
        .withId(required("id", a.id))
        .withSource(uri("source", required("source", a.source)))
        .withType(required("type", a.type));
    if (a.subject != null) {
      builder.withSubject(CloudEventCodec.requirePrintable("subject", a.subject));
    }
    if (a.time != null) {
      builder.withTime(time(a.time));
    }
    if (a.dataSchema != null) {
      builder.withDataSchema(uri("dataschema", a.dataSchema));
    }
    for (Map.Entry<String, Object> e : a.extensions.entrySet()) {
      extension(builder, e.getKey(), e.getValue());
    }
    CloudEventData data = data(a);
    if (data != null) {
      builder.withData(a.dataContentType, data);
    } else if (a.dataContentType != null) {
      builder.withDataContentType(a.dataContentType);
    }
    try {
      return builder.build();
    } catch (RuntimeException e) {
      throw invalid(CloudEventCodec.rootMessage(e));
    }
  }

  private static CloudEventData data(Attributes a) throws InvalidCloudEventException {
    if (a.data != null && a.dataBase64 != null) {
      throw invalid("a CloudEvent cannot have both 'data' and 'data_base64'");
    }
    if (a.dataBase64 != null) {
      try {
        return BytesCloudEventData.wrap(Base64.getDecoder().decode(a.dataBase64));
      } catch (IllegalArgumentException e) {
        throw invalid("'data_base64' is not base64: " + e.getMessage());
      }
    }
    if (a.data == null || isJson(a.dataContentType)) {
      return a.data;
    }
    String text = a.data.stringValue();
    if (text == null) {
      throw invalid("'data' must be a JSON string when datacontenttype is '" + a.dataContentType + "' (not JSON)");
    }
    return BytesCloudEventData.wrap(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Whether {@code data} is JSON for this content type, by the CloudEvents SDK's rule (none,
   * {@code application/json...}, {@code text/json...}, or {@code application/...+json}), so that an
   * event reads and writes here exactly as in the SDK.
   */
  static boolean isJson(String contentType) {
    return contentType == null || contentType.startsWith("application/json") || contentType.startsWith("text/json")
        || (contentType.startsWith("application/") && contentType.endsWith("+json"));
  }

  private static String required(String attribute, String value) throws InvalidCloudEventException {
    if (value == null) {
      throw invalid("missing mandatory " + attribute + " attribute");
    }
    if (value.isEmpty()) {
      throw invalid("attribute '" + attribute + "' is empty");
    }
    return CloudEventCodec.requirePrintable(attribute, value);
  }

  private static URI uri(String attribute, String value) throws InvalidCloudEventException {
    try {
      return AttributeValues.uri(attribute, value);
    } catch (InvalidCloudEventException e) {
      throw invalid(e.getMessage());
    }
  }

  private static OffsetDateTime time(String value) throws InvalidCloudEventException {
    try {
      return AttributeValues.time(value);
    } catch (InvalidCloudEventException e) {
      throw invalid(e.getMessage());
    }
  }

  private static void extension(CloudEventBuilder builder, String name, Object value) throws InvalidCloudEventException {
    try {
      if (value instanceof Boolean b) {
        builder.withExtension(name, b);
      } else if (value instanceof Number n) {
        builder.withExtension(name, n);
      } else {
        builder.withExtension(name, (String) value);
      }
    } catch (RuntimeException e) {
      throw invalid("invalid extension attribute '" + name + "': " + CloudEventCodec.rootMessage(e));
    }
  }

  private static String describe(JsonToken token) {
    if (token == null) {
      return "nothing";
    }
    return switch (token) {
      case START_ARRAY -> "an array";
      case START_OBJECT -> "an object";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> token.toString();
    };
  }

  private static InvalidCloudEventException invalid(String why) {
    return new InvalidCloudEventException("invalid structured CloudEvent: " + why);
  }

  /** What the event object held, collected before the builder validates it. */
  private static final class Attributes {
    String specVersion;
    String id;
    String source;
    String type;
    String dataContentType;
    String dataSchema;
    String subject;
    String time;
    String dataBase64;
    JsonDataSlice data;
    final Map<String, Object> extensions = new java.util.LinkedHashMap<>(4);
  }
}
