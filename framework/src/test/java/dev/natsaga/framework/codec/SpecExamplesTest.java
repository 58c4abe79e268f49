package dev.natsaga.framework.codec;

import static dev.natsaga.framework.codec.Conformance.assertSameEvent;
import static dev.natsaga.framework.codec.Conformance.assertSameEventAsText;
import static dev.natsaga.framework.codec.Conformance.fromText;
import static dev.natsaga.framework.codec.Conformance.structured;
import static dev.natsaga.framework.codec.Conformance.text;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.natsaga.framework.ContentMode;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.jackson.JsonFormat;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The examples of the CloudEvents specification documents ({@code conformance/spec}): the JSON format's events and
 * their binary-mode forms, the core specification's example, and the NATS binding's binary and structured messages.
 */
class SpecExamplesTest {

  private static final String JSON_FORMAT = "spec/json-format/";
  /** What the tests put where example 1 elides its binary data. */
  private static final byte[] THRIFT_BYTES = {(byte) 0x80, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x05, 'h', 'e', 'l', 'l', 'o'};

  private final CloudEventCodec codec = new CloudEventCodec();

  private static byte[] example(String name) {
    String json = text(JSON_FORMAT + name + ".json");
    return json.replace("... base64 encoded string ...", Base64.getEncoder().encodeToString(THRIFT_BYTES)).getBytes(UTF_8);
  }

  private static Message binaryExample(String name, boolean natsForm) {
    String text = text(JSON_FORMAT + name + ".http-binary.txt");
    byte[] payload = text.contains("...raw binary bytes...") ? THRIFT_BYTES : null;
    return fromText(text, natsForm ? Map.of("content-type", "ce-datacontenttype") : Map.of(), payload);
  }

  /** The JSON event and the spec's binary-mode form of it are the same event, also with the NATS binding's header name. */
  @ParameterizedTest
  @ValueSource(strings = {"1-binary-data", "2-xml-string-data", "3-json-object-data", "4-json-number-data",
      "5-json-string-data-no-datacontenttype", "6-binary-data-no-datacontenttype"})
  void eachJsonExampleIsItsBinaryForm(String name) throws Exception {
    CloudEvent fromJson = codec.decode(structured(example(name)));

    assertSameEventAsText(codec.decode(binaryExample(name, true)), fromJson);
    assertSameEventAsText(codec.decode(binaryExample(name, false)), fromJson);
  }

  /** natsaga writes each example in binary mode with exactly the spec's headers (datacontenttype as the NATS binding names it). */
  @ParameterizedTest
  @ValueSource(strings = {"1-binary-data", "2-xml-string-data", "3-json-object-data", "4-json-number-data",
      "5-json-string-data-no-datacontenttype", "6-binary-data-no-datacontenttype"})
  void natsagaWritesTheSpecsBinaryForm(String name) throws Exception {
    Message spec = binaryExample(name, true);

    NatsMessage written = codec.encode(Conformance.NATS_SUBJECT, codec.decode(structured(example(name))), ContentMode.BINARY);

    assertThat(ceHeaders(written.getHeaders())).isEqualTo(ceHeaders(spec.getHeaders()));
    assertSameEvent(codec.decode(written), codec.decode(spec));
  }

  /** Written in structured mode and read back, each example is the same event. */
  @ParameterizedTest
  @ValueSource(strings = {"1-binary-data", "2-xml-string-data", "3-json-object-data", "4-json-number-data",
      "5-json-string-data-no-datacontenttype", "6-binary-data-no-datacontenttype"})
  void eachExampleSurvivesStructuredMode(String name) throws Exception {
    CloudEvent event = codec.decode(structured(example(name)));

    assertSameEvent(codec.decode(codec.encode(Conformance.NATS_SUBJECT, event, ContentMode.STRUCTURED)), event);
  }

  /** Where the SDK follows the spec, it reads the examples as natsaga does (example 2's null extension: see JsonFormatRulesTest). */
  @ParameterizedTest
  @ValueSource(strings = {"1-binary-data", "3-json-object-data", "4-json-number-data", "5-json-string-data-no-datacontenttype",
      "6-binary-data-no-datacontenttype"})
  void theSdkReadsTheSameEvent(String name) throws Exception {
    assertSameEvent(codec.decode(structured(example(name))), new JsonFormat().deserialize(example(name)));
  }

  @Test
  void theExamplesMeanWhatTheSpecSays() throws Exception {
    CloudEvent binary = codec.decode(structured(example("1-binary-data")));
    assertThat(binary.getData().toBytes()).isEqualTo(THRIFT_BYTES);
    assertThat(binary.getExtension("comexampleothervalue")).isEqualTo(5);

    CloudEvent xml = codec.decode(structured(example("2-xml-string-data")));
    assertThat(xml.getExtensionNames()).as("\"unsetextension\": null is unset").doesNotContain("unsetextension");
    assertThat(xml.getData().toBytes()).isEqualTo("<much wow=\"xml\"/>".getBytes(UTF_8));

    CloudEvent object = codec.decode(structured(example("3-json-object-data")));
    assertThat(object.getSubject()).as("\"subject\": null is unset").isNull();

    CloudEvent string = codec.decode(structured(example("5-json-string-data-no-datacontenttype")));
    assertThat(string.getDataContentType()).as("implied").isEqualTo("application/json");
    assertThat(new String(string.getData().toBytes(), UTF_8)).as("a JSON string, quotes and all").isEqualTo("\"I'm just a string\"");

    CloudEvent base64 = codec.decode(structured(example("6-binary-data-no-datacontenttype")));
    assertThat(base64.getDataContentType()).as("no content type is inferred for data_base64").isNull();
    assertThat(base64.getData().toBytes()).isEqualTo("{ \"xyz\": 123 }".getBytes(UTF_8));
  }

  @Test
  void theCoreSpecificationsExample() throws Exception {
    CloudEvent event = codec.decode(structured(Conformance.resource("spec/core/spec-example.json")));

    assertThat(event.getType()).isEqualTo("com.github.pull_request.opened");
    assertThat(event.getSource()).isEqualTo(URI.create("https://github.com/cloudevents/spec/pull"));
    assertThat(event.getTime()).isEqualTo(OffsetDateTime.parse("2018-04-05T17:31:00Z"));
    assertThat(event.getDataContentType()).isEqualTo("text/xml");
    assertThat(event.getData().toBytes()).isEqualTo("<much wow=\"xml\"/>".getBytes(UTF_8));
    assertSameEventAsText(codec.decode(codec.encode(Conformance.NATS_SUBJECT, event, ContentMode.BINARY)), event);
  }

  /** NATS binding §3.1.4: the binary-mode message, {@code ce-datacontenttype} included, read and written as the spec shows it. */
  @Test
  void theNatsBindingsBinaryExample() throws Exception {
    Message spec = natsExample("3.1.4-binary.txt");

    CloudEvent event = codec.decode(spec);

    assertThat(event.getId()).isEqualTo("1234-1234-1234");
    assertThat(event.getSource()).isEqualTo(URI.create("/mycontext/subcontext"));
    assertThat(event.getTime()).isEqualTo(OffsetDateTime.parse("2018-04-05T03:56:24Z"));
    assertThat(event.getDataContentType()).isEqualTo("application/json");
    assertThat(event.getData().toBytes()).isEqualTo(spec.getData());
    NatsMessage written = codec.encode(Conformance.NATS_SUBJECT, event, ContentMode.BINARY);
    assertThat(ceHeaders(written.getHeaders())).isEqualTo(ceHeaders(spec.getHeaders()));
    assertThat(written.getData()).isEqualTo(spec.getData());
  }

  /** NATS binding §3.2.1: refused as printed (its placeholders are not JSON), read once they are taken out. */
  @Test
  void theNatsBindingsStructuredExample() throws Exception {
    String payload = section(text("spec/nats-binding/3.2.1-structured.txt"), "payload");
    assertThatThrownBy(() -> codec.decode(structured(payload.getBytes(UTF_8)))).isInstanceOf(InvalidCloudEventException.class);

    String filled = payload.replace("    ... further attributes omitted ...\n", "    \"id\" : \"1\", \"source\" : \"/mycontext\",\n")
        .replace("... application data ...", "\"ok\" : true");
    CloudEvent event = codec.decode(structured(filled.getBytes(UTF_8)));

    assertThat(event.getType()).isEqualTo("com.example.someevent");
    assertThat(event.getDataContentType()).isEqualTo("application/json");
    assertThat(Conformance.tree(event.getData().toBytes())).isEqualTo(Conformance.tree("{\"ok\":true}".getBytes(UTF_8)));
  }

  /** JSON format §4: a batch is its own media type, which the NATS binding does not carry; it is refused, and named. */
  @Test
  void theBatchExampleIsRefused() {
    byte[] batch = Conformance.resource(JSON_FORMAT + "batch.json");
    Message asBatch = NatsMessage.builder().subject(Conformance.NATS_SUBJECT)
        .headers(new Headers().put("Content-Type", "application/cloudevents-batch+json")).data(batch).build();

    assertThatThrownBy(() -> codec.decode(asBatch)).isInstanceOf(InvalidCloudEventException.class)
        .hasMessageContaining("application/cloudevents-batch+json");
    assertThatThrownBy(() -> codec.decode(structured(batch))).isInstanceOf(InvalidCloudEventException.class)
        .hasMessageContaining("not a JSON object");
  }

  private static Message natsExample(String file) {
    String example = text("spec/nats-binding/" + file);
    String headers = section(example, "header");
    return fromText(headers.strip() + "\n\n" + section(example, "payload").strip(), Map.of(), null);
  }

  /** The lines under {@code ---- name ----} in a NATS binding example, up to the next such line. */
  private static String section(String example, String name) {
    int start = example.indexOf("\n", example.indexOf(" " + name + " ")) + 1;
    int end = example.indexOf("\n---", start);
    return example.substring(start, end).strip() + "\n";
  }

  private static Map<String, String> ceHeaders(Headers headers) {
    Map<String, String> ce = new TreeMap<>();
    headers.forEach((name, values) -> {
      if (name.toLowerCase().startsWith("ce-")) {
        ce.put(name.toLowerCase(), values.get(0));
      }
    });
    return ce;
  }
}
