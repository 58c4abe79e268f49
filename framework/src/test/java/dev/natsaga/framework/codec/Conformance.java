package dev.natsaga.framework.codec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.data.BytesCloudEventData;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Loading the conformance files and comparing events by their meaning (attributes, extensions, data). */
final class Conformance {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String NATS_SUBJECT = "dev.conformance.event.happened.v1";

  private Conformance() {
  }

  static byte[] resource(String path) {
    try (InputStream in = Conformance.class.getResourceAsStream("/conformance/" + path)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource /conformance/" + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String text(String path) {
    return new String(resource(path), UTF_8);
  }

  static JsonNode tree(byte[] json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Message structured(byte[] json) {
    Headers headers = new Headers().put("Content-Type", "application/cloudevents+json");
    return NatsMessage.builder().subject(NATS_SUBJECT).headers(headers).data(json).build();
  }

  /**
   * A message from a spec example written as header lines, a blank line and the payload; {@code renames} changes
   * header names (e.g. the HTTP binding's {@code content-type} to the NATS binding's {@code ce-datacontenttype}).
   */
  static Message fromText(String example, Map<String, String> renames, byte[] payloadOverride) {
    String[] parts = example.split("\n\n", 2);
    Headers headers = new Headers();
    for (String line : parts[0].split("\n")) {
      int colon = line.indexOf(':');
      String name = line.substring(0, colon).trim();
      headers.put(renames.getOrDefault(name, name), line.substring(colon + 1).trim());
    }
    byte[] payload = payloadOverride != null ? payloadOverride : parts.length > 1 ? parts[1].strip().getBytes(UTF_8) : new byte[0];
    return NatsMessage.builder().subject(NATS_SUBJECT).headers(headers).data(payload).build();
  }

  static Map<String, Object> extensions(CloudEvent event, boolean typed) {
    Map<String, Object> extensions = new TreeMap<>();
    for (String name : event.getExtensionNames()) {
      Object value = event.getExtension(name);
      extensions.put(name, typed && !(value instanceof byte[]) ? value : canonical(value));
    }
    return extensions;
  }

  /** Same attributes, same extensions, same data: as JSON values when the data is JSON, else byte for byte. */
  static void assertSameEvent(CloudEvent actual, CloudEvent expected) {
    assertSameEvent(actual, expected, true);
  }

  /**
   * As {@link #assertSameEvent(CloudEvent, CloudEvent)}, extension values compared by their canonical strings: binary mode
   * carries every value as a string, and only the extension's definition tells a receiver that {@code "5"} is an Integer.
   */
  static void assertSameEventAsText(CloudEvent actual, CloudEvent expected) {
    assertSameEvent(actual, expected, false);
  }

  private static void assertSameEvent(CloudEvent actual, CloudEvent expected, boolean typedExtensions) {
    assertThat(actual.getSpecVersion()).isEqualTo(expected.getSpecVersion());
    assertThat(actual.getId()).isEqualTo(expected.getId());
    assertThat(actual.getSource()).isEqualTo(expected.getSource());
    assertThat(actual.getType()).isEqualTo(expected.getType());
    assertThat(actual.getTime()).isEqualTo(expected.getTime());
    assertThat(actual.getSubject()).isEqualTo(expected.getSubject());
    assertThat(actual.getDataContentType()).isEqualTo(expected.getDataContentType());
    assertThat(actual.getDataSchema()).isEqualTo(expected.getDataSchema());
    assertThat(extensions(actual, typedExtensions)).isEqualTo(extensions(expected, typedExtensions));
    if (expected.getData() == null) {
      assertThat(actual.getData()).isNull();
    } else if (isJsonData(expected)) {
      assertThat(actual.getData()).isNotNull();
      assertThat(tree(actual.getData().toBytes())).isEqualTo(tree(expected.getData().toBytes()));
    } else {
      assertThat(actual.getData()).isNotNull();
      assertThat(actual.getData().toBytes()).isEqualTo(expected.getData().toBytes());
    }
  }

  /** The canonical string of an extension value, written out here so the tests do not lean on the code under test. */
  static String canonical(Object value) {
    if (value instanceof byte[] b) {
      return Base64.getEncoder().encodeToString(b);
    }
    if (value instanceof OffsetDateTime t) {
      return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t);
    }
    return value.toString();
  }

  /** JSON format §3.1.1: {@code *}{@code /json} or {@code *}{@code /*+json}, any case, parameters aside; absent means JSON for JSON values. */
  static boolean isJsonData(CloudEvent event) {
    String type = event.getDataContentType();
    if (type == null) {
      return !(event.getData() instanceof BytesCloudEventData);
    }
    return JSON_MEDIA_TYPE.matcher(type).matches();
  }

  private static final Pattern JSON_MEDIA_TYPE = Pattern.compile("(?i)\\s*[^/;\\s]+/([^/;\\s]+\\+)?json\\s*(;.*)?");
}
