package dev.natsaga.framework.codec;

import dev.natsaga.framework.ContentMode;
import io.cloudevents.CloudEvent;
import io.cloudevents.SpecVersion;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one place that maps CloudEvents attributes to and from NATS messages (the CloudEvents NATS
 * protocol binding), in both content modes.
 *
 * <p>Encoding always sets {@code Nats-Msg-Id} to the event id, so a JetStream stream drops a
 * re-publish inside its duplicate window. Decoding accepts structured mode (a {@code Content-Type}
 * starting with {@code application/cloudevents}) and binary mode ({@code ce-} headers) alike.
 *
 * <pre>{@code
 * CloudEventCodec codec = new CloudEventCodec();
 * NatsMessage msg = codec.encode("dev.booking.appointment.confirmed.v1", event, ContentMode.STRUCTURED);
 * CloudEvent back = codec.decode(msg);
 * }</pre>
 */
public final class CloudEventCodec {

  /** The NATS header JetStream de-duplicates on. */
  public static final String MSG_ID_HEADER = "Nats-Msg-Id";
  public static final String CONTENT_TYPE_HEADER = "Content-Type";
  public static final String STRUCTURED_CONTENT_TYPE = "application/cloudevents+json";
  private static final String CE_PREFIX = "ce-";

  private final StructuredJsonEncoder structuredEncoder = new StructuredJsonEncoder();
  private final StructuredJsonDecoder structured = new StructuredJsonDecoder();

  /** Encodes an event for {@code natsSubject} in the given mode. */
  public NatsMessage encode(String natsSubject, CloudEvent event, ContentMode mode) {
    Headers headers = new Headers();
    headers.put(MSG_ID_HEADER, event.getId());
    byte[] payload;
    if (mode == ContentMode.BINARY) {
      BinaryHeaders.write(event, headers);
      payload = event.getData() == null ? new byte[0] : event.getData().toBytes();
    } else {
      headers.put(CONTENT_TYPE_HEADER, STRUCTURED_CONTENT_TYPE);
      payload = structuredEncoder.encode(event);
    }
    return NatsMessage.builder().subject(natsSubject).headers(headers).data(payload).build();
  }

  /** Decodes a NATS message in either mode; a message that is not a valid CloudEvent is refused. */
  public CloudEvent decode(Message message) throws InvalidCloudEventException {
    Headers headers = message.getHeaders();
    String contentType = contentType(headers);
    if (contentType != null && startsWithIgnoreCase(contentType, "application/cloudevents")) {
      return decodeStructured(contentType, message.getData());
    }
    if (headers == null || BinaryHeaders.find(headers, "specversion") == null) {
      throw new InvalidCloudEventException("not a CloudEvent: no 'Content-Type: application/cloudevents+json' header and no 'ce-specversion' header");
    }
    return BinaryHeaders.read(headers, contentType, message.getData());
  }

  /** The {@code Content-Type} header; NATS header names are case-sensitive, so other spellings are accepted too. */
  private static String contentType(Headers headers) {
    if (headers == null) {
      return null;
    }
    String exact = headers.getFirst(CONTENT_TYPE_HEADER);
    if (exact != null) {
      return exact;
    }
    List<String> any = headers.getIgnoreCase(CONTENT_TYPE_HEADER);
    return any == null || any.isEmpty() ? null : any.get(0);
  }

  private CloudEvent decodeStructured(String contentType, byte[] data) throws InvalidCloudEventException {
    if (!startsWithIgnoreCase(contentType, STRUCTURED_CONTENT_TYPE)) {
      throw new InvalidCloudEventException("unsupported structured content type '" + contentType + "' (only " + STRUCTURED_CONTENT_TYPE + ")");
    }
    if (data == null || data.length == 0) {
      throw new InvalidCloudEventException("structured CloudEvent with an empty payload");
    }
    return structured.decode(data);
  }

  /**
   * The value, if it has none of the control characters CloudEvents forbids in strings (U+0000–U+001F,
   * U+007F–U+009F); else the event is refused naming the attribute.
   */
  static String requirePrintable(String attribute, String value) throws InvalidCloudEventException {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
        throw new InvalidCloudEventException(String.format("attribute '%s' contains a control character (U+%04X)", attribute, (int) c));
      }
    }
    return value;
  }

  private static boolean startsWithIgnoreCase(String value, String prefix) {
    return value.regionMatches(true, 0, prefix, 0, prefix.length());
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String msg = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    int newline = msg.indexOf('\n');
    return newline > 0 ? msg.substring(0, newline) : msg;
  }

  /** Binary mode: attributes as percent-encoded {@code ce-} headers. */
  private static final class BinaryHeaders {

    private BinaryHeaders() {
    }

    static void write(CloudEvent event, Headers headers) {
      put(headers, "specversion", event.getSpecVersion().toString());
      put(headers, "id", event.getId());
      put(headers, "source", event.getSource().toString());
      put(headers, "type", event.getType());
      if (event.getTime() != null) {
        put(headers, "time", Rfc3339.format(event.getTime()));
      }
      if (event.getSubject() != null) {
        put(headers, "subject", event.getSubject());
      }
      if (event.getDataSchema() != null) {
        put(headers, "dataschema", event.getDataSchema().toString());
      }
      if (event.getDataContentType() != null) {
        headers.put(CONTENT_TYPE_HEADER, event.getDataContentType());
      }
      for (String name : event.getExtensionNames()) {
        put(headers, name, String.valueOf(event.getExtension(name)));
      }
    }

    private static void put(Headers headers, String attribute, String value) {
      headers.put(CE_PREFIX + attribute, PercentEncoding.encode(value));
    }

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

    static CloudEvent read(Headers headers, String contentType, byte[] data) throws InvalidCloudEventException {
      String version = decoded(headers, "specversion");
      if (!SpecVersion.V1.toString().equals(version)) {
        throw new InvalidCloudEventException("unsupported specversion '" + version + "' (expected 1.0)");
      }
      CloudEventBuilder builder = CloudEventBuilder.v1()
          .withId(required(headers, "id"))
          .withSource(AttributeValues.uri("source", required(headers, "source")))
          .withType(required(headers, "type"));
      readOptional(headers, builder);
      if (data != null && data.length > 0) {
        builder.withData(contentType, data);
      } else if (contentType != null) {
        builder.withDataContentType(contentType);
      }
      return build(builder);
    }

    private static void readOptional(Headers headers, CloudEventBuilder builder) throws InvalidCloudEventException {
      for (Map.Entry<String, java.util.List<String>> entry : headers.entrySet()) {
        String key = entry.getKey().toLowerCase(Locale.ROOT);
        if (!key.startsWith(CE_PREFIX)) {
          continue;
        }
        String name = key.substring(CE_PREFIX.length());
        String value = PercentEncoding.decode(entry.getKey(), entry.getValue().get(0));
        switch (name) {
          case "specversion", "id", "source", "type" -> { }
          case "time" -> builder.withTime(AttributeValues.time(value));
          case "subject" -> builder.withSubject(requirePrintable(name, value));
          case "dataschema" -> builder.withDataSchema(AttributeValues.uri(name, value));
          case "datacontenttype" -> throw new InvalidCloudEventException("binary mode carries datacontenttype in Content-Type, not in a ce-datacontenttype header");
          default -> extension(builder, name, value);
        }
      }
    }

    private static void extension(CloudEventBuilder builder, String name, String value) throws InvalidCloudEventException {
      try {
        builder.withExtension(name, value);
      } catch (RuntimeException e) {
        throw new InvalidCloudEventException("invalid extension attribute '" + name + "': " + rootMessage(e));
      }
    }

    private static CloudEvent build(CloudEventBuilder builder) throws InvalidCloudEventException {
      try {
        return builder.build();
      } catch (RuntimeException e) {
        throw new InvalidCloudEventException("invalid binary CloudEvent: " + rootMessage(e), e);
      }
    }

    private static String decoded(Headers headers, String attribute) throws InvalidCloudEventException {
      String raw = find(headers, attribute);
      return raw == null ? null : PercentEncoding.decode(CE_PREFIX + attribute, raw);
    }

    private static String required(Headers headers, String attribute) throws InvalidCloudEventException {
      String value = decoded(headers, attribute);
      if (value == null || value.isEmpty()) {
        throw new InvalidCloudEventException("missing required attribute header 'ce-" + attribute + "'");
      }
      return requirePrintable(attribute, value);
    }
  }
}
