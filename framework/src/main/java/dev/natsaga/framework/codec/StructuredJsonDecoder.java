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
 * {@code source} and {@code type} present, non-empty strings; the other context attributes strings or
 * {@code null} (= unset, §2.2); {@code time} an RFC 3339 timestamp; {@code dataschema} an absolute URI;
 * {@code data} any JSON value when {@code datacontenttype} is absent or JSON ({@link MediaTypes#isJson}),
 * else a string; or {@code data_base64}, never both. Every other member is an extension: a string, a
 * boolean, an Integer (a whole number within 32 bits: {@code 42.42}, {@code 1e3} and {@code 4247483647}
 * are refused), or {@code null} (unset); an object or array is no CloudEvents type and is refused. A
 * repeated member counts once, the last one winning, as when the JSON is read into a tree. An event with
 * {@code data} and no {@code datacontenttype} reads as {@code application/json}, as the format says it is.
 */
final class StructuredJsonDecoder {

  /** What {@code data} without a {@code datacontenttype} is (JSON format §3.1.2). */
  static final String IMPLIED_CONTENT_TYPE = "application/json";

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
      default -> a.extensions.put(name, extensionValue(name, parser));
    }
  }

  /** The string value; null for JSON {@code null}, which means unset. */
  private static String text(JsonParser parser, String attribute) throws IOException, InvalidCloudEventException {
    if (parser.currentToken() == JsonToken.VALUE_NULL) {
      return null;
    }
    if (parser.currentToken() != JsonToken.VALUE_STRING) {
      throw invalid("attribute '" + attribute + "' must be a JSON string, not " + describe(parser.currentToken()));
    }
    return parser.getText();
  }

  /** The extension's value by the JSON format's type mapping (§2.2); null (unset) for JSON {@code null}. */
  private static Object extensionValue(String name, JsonParser parser) throws IOException, InvalidCloudEventException {
    return switch (parser.currentToken()) {
      case VALUE_STRING -> parser.getText();
      case VALUE_TRUE, VALUE_FALSE -> parser.getBooleanValue();
      case VALUE_NULL -> null;
      case VALUE_NUMBER_INT -> {
        if (parser.getNumberType() != JsonParser.NumberType.INT) {
          throw invalid("extension '" + name + "' is " + parser.getText() + ", outside a CloudEvents Integer's 32 bits"
              + " (-2147483648 to 2147483647): send it as a string");
        }
        yield parser.getIntValue();
      }
      case VALUE_NUMBER_FLOAT -> throw invalid("extension '" + name + "' is " + parser.getText()
          + ", not a CloudEvents Integer (a whole number without fraction or exponent): send it as a string");
      default -> throw invalid("extension '" + name + "' is " + describe(parser.currentToken())
          + ", which no CloudEvents type maps to (string, boolean or integer): send it as a string");
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
      builder.withSubject(nonEmpty("subject", a.subject));
    }
    if (a.time != null) {
      builder.withTime(time(a.time));
    }
    if (a.dataSchema != null) {
      builder.withDataSchema(absoluteUri("dataschema", nonEmpty("dataschema", a.dataSchema)));
    }
    for (Map.Entry<String, Object> e : a.extensions.entrySet()) {
      if (e.getValue() != null) {
        extension(builder, e.getKey(), e.getValue());
      }
    }
    String contentType = a.dataContentType == null ? null : nonEmpty("datacontenttype", a.dataContentType);
    CloudEventData data = data(a, contentType);
    if (data != null) {
      builder.withData(contentType == null && a.data != null ? IMPLIED_CONTENT_TYPE : contentType, data);
    } else if (contentType != null) {
      builder.withDataContentType(contentType);
    }
    try {
      return builder.build();
    } catch (RuntimeException e) {
      throw invalid(CloudEventCodec.rootMessage(e));
    }
  }

  private static CloudEventData data(Attributes a, String contentType) throws InvalidCloudEventException {
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
    if (a.data == null || MediaTypes.isJson(contentType)) {
      return a.data;
    }
    String text = a.data.stringValue();
    if (text == null) {
      throw invalid("'data' must be a JSON string when datacontenttype is '" + contentType + "' (not JSON)");
    }
    return BytesCloudEventData.wrap(text.getBytes(StandardCharsets.UTF_8));
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

  private static String nonEmpty(String attribute, String value) throws InvalidCloudEventException {
    if (value.isEmpty()) {
      throw invalid("attribute '" + attribute + "' is empty: leave it out, or null, when it is unset");
    }
    return CloudEventCodec.requirePrintable(attribute, value);
  }

  private static URI absoluteUri(String attribute, String value) throws InvalidCloudEventException {
    URI uri = uri(attribute, value);
    if (!uri.isAbsolute()) {
      throw invalid("attribute '" + attribute + "' must be an absolute URI, not '" + value + "'");
    }
    return uri;
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
      } else if (value instanceof Integer n) {
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
