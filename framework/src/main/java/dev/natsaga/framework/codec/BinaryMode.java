package dev.natsaga.framework.codec;

import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.SpecVersion;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.jackson.JsonCloudEventData;
import io.nats.client.impl.Headers;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Binary content mode of the CloudEvents NATS binding 1.0.3: every attribute, {@code datacontenttype} and
 * the extensions included, is a {@code ce-<name>} header (§3.1.3.1) holding its canonical string,
 * percent-encoded (§3.1.3.2); the data bytes are the payload. On read, header names count in any case,
 * values are unquoted and percent-decoded; {@code Content-Type} stands in for a missing
 * {@code ce-datacontenttype} (what senders that follow the HTTP binding's habit write).
 */
final class BinaryMode {

  static final String CE_PREFIX = "ce-";
  private static final String JSON = "application/json";

  private BinaryMode() {
  }

  static void write(CloudEvent event, Headers headers) {
    put(headers, "specversion", event.getSpecVersion().toString());
    put(headers, "id", event.getId());
    put(headers, "source", event.getSource().toString());
    put(headers, "type", event.getType());
    String contentType = event.getDataContentType();
    if (contentType == null && isJsonValue(event.getData())) {
      contentType = JSON;   // the JSON format's implied type, made explicit as a translation SHOULD (spec §3.1.4 datacontenttype)
    }
    putIfPresent(headers, "datacontenttype", contentType);
    putIfPresent(headers, "dataschema", event.getDataSchema());
    putIfPresent(headers, "subject", event.getSubject());
    putIfPresent(headers, "time", event.getTime());
    for (String name : event.getExtensionNames()) {
      putIfPresent(headers, name, event.getExtension(name));
    }
  }

  /** Data that is a JSON value in memory (as opposed to bytes of no declared format). */
  static boolean isJsonValue(CloudEventData data) {
    return data instanceof PojoData || data instanceof JsonDataSlice || data instanceof JsonCloudEventData;
  }

  private static void putIfPresent(Headers headers, String attribute, Object value) {
    if (value != null) {
      put(headers, attribute, AttributeValues.canonical(value));
    }
  }

  private static void put(Headers headers, String attribute, String value) {
    headers.put(CE_PREFIX + attribute, PercentEncoding.encode(value));
  }

  /** The raw value of {@code ce-<attribute>}, the header name in any case; null when absent. */
  static String find(Headers headers, String attribute) {
    String value = headers.getFirst(CE_PREFIX + attribute);
    if (value != null) {
      return value;
    }
    for (String key : headers.keySet()) {
      if (key.length() == CE_PREFIX.length() + attribute.length() && key.equalsIgnoreCase(CE_PREFIX + attribute)) {
        return headers.getFirst(key);
      }
    }
    return null;
  }

  /** The event; {@code contentType} is the message's {@code Content-Type} header, if any. */
  static CloudEvent read(Headers headers, String contentType, byte[] data) throws InvalidCloudEventException {
    String version = decoded(headers, "specversion");
    if (!SpecVersion.V1.toString().equals(version)) {
      throw new InvalidCloudEventException("unsupported specversion '" + version + "' (expected 1.0)");
    }
    CloudEventBuilder builder = CloudEventBuilder.v1()
        .withId(required(headers, "id"))
        .withSource(AttributeValues.uri("source", required(headers, "source")))
        .withType(required(headers, "type"));
    String dataContentType = readOptional(headers, builder);
    if (dataContentType == null) {
      dataContentType = contentType;
    }
    if (data != null && data.length > 0) {
      builder.withData(dataContentType, data);
    } else if (dataContentType != null) {
      builder.withDataContentType(dataContentType);
    }
    return build(builder);
  }

  /** Reads the optional attributes into {@code builder}; returns {@code ce-datacontenttype}, which goes with the data. */
  private static String readOptional(Headers headers, CloudEventBuilder builder) throws InvalidCloudEventException {
    String dataContentType = null;
    for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
      String header = entry.getKey();
      if (header.length() <= CE_PREFIX.length() || !header.regionMatches(true, 0, CE_PREFIX, 0, CE_PREFIX.length())) {
        continue;
      }
      String name = header.substring(CE_PREFIX.length()).toLowerCase(Locale.ROOT);
      String value = PercentEncoding.decodeHeader(header, entry.getValue().get(0));
      switch (name) {
        case "specversion", "id", "source", "type" -> { }
        case "datacontenttype" -> dataContentType = nonEmpty(name, value);
        case "time" -> builder.withTime(AttributeValues.time(value));
        case "subject" -> builder.withSubject(nonEmpty(name, value));
        case "dataschema" -> builder.withDataSchema(AttributeValues.uri(name, nonEmpty(name, value)));
        default -> extension(builder, name, value);
      }
    }
    return dataContentType;
  }

  private static String nonEmpty(String attribute, String value) throws InvalidCloudEventException {
    if (value.isEmpty()) {
      throw new InvalidCloudEventException("header 'ce-" + attribute + "' is empty: leave the header out when the attribute is unset");
    }
    return CloudEventCodec.requirePrintable(attribute, value);
  }

  private static void extension(CloudEventBuilder builder, String name, String value) throws InvalidCloudEventException {
    try {
      builder.withExtension(name, CloudEventCodec.requirePrintable(name, value));
    } catch (RuntimeException e) {
      throw new InvalidCloudEventException("invalid extension attribute '" + name + "': " + CloudEventCodec.rootMessage(e));
    }
  }

  private static CloudEvent build(CloudEventBuilder builder) throws InvalidCloudEventException {
    try {
      return builder.build();
    } catch (RuntimeException e) {
      throw new InvalidCloudEventException("invalid binary CloudEvent: " + CloudEventCodec.rootMessage(e), e);
    }
  }

  private static String decoded(Headers headers, String attribute) throws InvalidCloudEventException {
    String raw = find(headers, attribute);
    return raw == null ? null : PercentEncoding.decodeHeader(CE_PREFIX + attribute, raw);
  }

  private static String required(Headers headers, String attribute) throws InvalidCloudEventException {
    String value = decoded(headers, attribute);
    if (value == null || value.isEmpty()) {
      throw new InvalidCloudEventException("missing required attribute header 'ce-" + attribute + "'");
    }
    return CloudEventCodec.requirePrintable(attribute, value);
  }
}
