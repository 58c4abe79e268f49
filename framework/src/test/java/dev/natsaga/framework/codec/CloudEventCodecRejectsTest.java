package dev.natsaga.framework.codec;

import static dev.natsaga.framework.codec.CodecFixtures.*;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.natsaga.framework.ContentMode;
import io.cloudevents.CloudEvent;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.net.URI;
import java.util.Arrays;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The codec refusing what is not a CloudEvent, with the reason named. */
class CloudEventCodecRejectsTest {

  private final CloudEventCodec codec = new CloudEventCodec();

  @Nested
  class DecodeRejects {

    private void assertRejected(Message message, String... fragments) {
      assertThatThrownBy(() -> codec.decode(message))
          .isInstanceOf(InvalidCloudEventException.class)
          .satisfies(e -> {
            for (String fragment : fragments) {
              assertThat(e.getMessage()).containsIgnoringCase(fragment);
            }
          });
    }

    @Test
    void aMessageWithoutHeaders() {
      Message message = NatsMessage.builder().subject(NATS_SUBJECT).data(new byte[] {0x13, 0x37, (byte) 0xFE}).build();

      assertRejected(message, "not a CloudEvent", "application/cloudevents+json", "ce-specversion");
    }

    @Test
    void aMessageWithUnrelatedHeaders() {
      Headers headers = new Headers().put("Content-Type", "application/json").put("X-Id", "1");

      assertRejected(message(headers, "{\"a\":1}".getBytes(UTF_8)), "not a CloudEvent");
    }

    @Test
    void structuredWithTruncatedJson() {
      byte[] json = codec.encode(NATS_SUBJECT, fullEvent().build(), ContentMode.STRUCTURED).getData();
      byte[] truncated = Arrays.copyOf(json, json.length / 2);

      assertRejected(message(structuredHeaders(), truncated), "invalid structured CloudEvent", "end-of-input");
    }

    @Test
    void structuredWithGarbage() {
      assertRejected(message(structuredHeaders(), new byte[] {0x13, 0x37, (byte) 0xFE}), "invalid structured CloudEvent");
    }

    @Test
    void structuredWithAnEmptyPayload() {
      assertRejected(message(structuredHeaders(), new byte[0]), "empty payload");
    }

    /** Found by reliability/run.sh fuzz: Jackson reads the JSON literal null as no event at all, and decode returned null. */
    @Test
    void structuredJsonNull() {
      assertRejected(message(structuredHeaders(), "null".getBytes(UTF_8)), "invalid structured CloudEvent", "null");
      assertRejected(message(structuredHeaders(), "  null \n".getBytes(UTF_8)), "invalid structured CloudEvent", "null");
    }

    @Test
    void structuredJsonThatIsNotAnObject() {
      assertRejected(message(structuredHeaders(), "[1,2,3]".getBytes(UTF_8)), "invalid structured CloudEvent");
    }

    @Test
    void structuredJsonWithoutSpecversion() {
      String json = "{\"type\":\"booking.appointment.confirmed.v1\",\"source\":\"s\",\"id\":\"1\"}";

      assertRejected(message(structuredHeaders(), json.getBytes(UTF_8)), "invalid structured CloudEvent", "missing mandatory specversion");
    }

    @Test
    void structuredJsonWithoutId() {
      String json = "{\"specversion\":\"1.0\",\"type\":\"booking.appointment.confirmed.v1\",\"source\":\"s\"}";

      assertRejected(message(structuredHeaders(), json.getBytes(UTF_8)), "invalid structured CloudEvent", "missing mandatory id");
    }

    @Test
    void structuredJsonWithoutType() {
      String json = "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"s\"}";

      assertRejected(message(structuredHeaders(), json.getBytes(UTF_8)), "invalid structured CloudEvent", "missing mandatory type");
    }

    @Test
    void structuredJsonWithoutSource() {
      String json = "{\"specversion\":\"1.0\",\"id\":\"1\",\"type\":\"t\"}";

      assertRejected(message(structuredHeaders(), json.getBytes(UTF_8)), "invalid structured CloudEvent", "missing mandatory source");
    }

    @ParameterizedTest
    @ValueSource(strings = {"id", "source", "type"})
    void structuredJsonWithAnEmptyRequiredAttribute(String attribute) {
      ObjectNode event = JSON.createObjectNode().put("specversion", "1.0").put("id", "1").put("source", "s").put("type", "t");
      event.put(attribute, "");

      assertRejected(message(structuredHeaders(), event.toString().getBytes(UTF_8)), "invalid structured CloudEvent", "'" + attribute + "'", "empty");
    }

    @ParameterizedTest
    @ValueSource(strings = {"id", "source", "type", "subject"})
    void structuredJsonWithAControlCharacterInAnAttribute(String attribute) {
      ObjectNode event = JSON.createObjectNode().put("specversion", "1.0").put("id", "1").put("source", "s").put("type", "t");
      event.put(attribute, "a\u0000b");

      assertRejected(message(structuredHeaders(), event.toString().getBytes(UTF_8)), "'" + attribute + "'", "control character", "U+0000");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ce-id", "ce-source", "ce-type", "ce-subject"})
    void binaryWithAControlCharacterInAnAttribute(String header) {
      Headers headers = binaryHeaders().put(header, "a%00%0Ab");

      assertRejected(message(headers, "{}".getBytes(UTF_8)), "control character", "U+0000");
    }

    @Test
    void structuredJsonWithAnAttributeThatIsNotAString() {
      String json = "{\"specversion\":\"1.0\",\"id\":\"1\",\"type\":\"t\",\"source\":\"s\",\"subject\":7}";

      assertRejected(message(structuredHeaders(), json.getBytes(UTF_8)), "invalid structured CloudEvent", "'subject'", "string", "number");
    }

    @Test
    void structuredJsonWithDataAndDataBase64() {
      String json = "{\"specversion\":\"1.0\",\"id\":\"1\",\"type\":\"t\",\"source\":\"s\",\"data\":{},\"data_base64\":\"AA==\"}";

      assertRejected(message(structuredHeaders(), json.getBytes(UTF_8)), "invalid structured CloudEvent", "both", "data_base64");
    }

    @Test
    void structuredJsonWithBadBase64() {
      String json = "{\"specversion\":\"1.0\",\"id\":\"1\",\"type\":\"t\",\"source\":\"s\",\"data_base64\":\"not base64!\"}";

      assertRejected(message(structuredHeaders(), json.getBytes(UTF_8)), "invalid structured CloudEvent", "data_base64", "base64");
    }

    @Test
    void structuredJsonWithObjectDataForATextContentType() {
      String json = "{\"specversion\":\"1.0\",\"id\":\"1\",\"type\":\"t\",\"source\":\"s\",\"datacontenttype\":\"text/plain\",\"data\":{}}";

      assertRejected(message(structuredHeaders(), json.getBytes(UTF_8)), "invalid structured CloudEvent", "'data'", "string", "text/plain");
    }

    @Test
    void structuredJsonWithContentAfterTheObject() {
      String json = "{\"specversion\":\"1.0\",\"id\":\"1\",\"type\":\"t\",\"source\":\"s\"} {}";

      assertRejected(message(structuredHeaders(), json.getBytes(UTF_8)), "invalid structured CloudEvent", "after the event");
    }

    @Test
    void structuredJsonWithAnInvalidExtensionName() {
      String json = "{\"specversion\":\"1.0\",\"id\":\"1\",\"type\":\"t\",\"source\":\"s\",\"trace_id\":\"abc\"}";

      assertRejected(message(structuredHeaders(), json.getBytes(UTF_8)), "invalid structured CloudEvent", "extension", "trace_id");
    }

    @Test
    void structuredJsonWithABadTime() {
      String json = "{\"specversion\":\"1.0\",\"id\":\"1\",\"type\":\"t\",\"source\":\"s\",\"time\":\"yesterday\"}";

      assertRejected(message(structuredHeaders(), json.getBytes(UTF_8)), "invalid structured CloudEvent", "time", "yesterday");
    }

    @Test
    void structuredJsonWithAnUnknownSpecversion() {
      String json = "{\"specversion\":\"2.0\",\"type\":\"t\",\"source\":\"s\",\"id\":\"1\"}";

      assertRejected(message(structuredHeaders(), json.getBytes(UTF_8)), "invalid structured CloudEvent", "2.0");
    }

    @Test
    void aBatch() {
      Headers headers = new Headers().put("Content-Type", "application/cloudevents-batch+json");
      byte[] one = codec.encode(NATS_SUBJECT, fullEvent().build(), ContentMode.STRUCTURED).getData();
      byte[] batch = ("[" + new String(one, UTF_8) + "]").getBytes(UTF_8);

      assertRejected(message(headers, batch), "unsupported structured content type", "application/cloudevents-batch+json");
    }

    @Test
    void aStructuredFormatOtherThanJson() {
      Headers headers = new Headers().put("Content-Type", "application/cloudevents+avro");

      assertRejected(message(headers, new byte[] {1, 2, 3}), "unsupported structured content type", "avro");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.3", "2.0", "1", "1.0.0", ""})
    void binaryWithAnUnsupportedSpecversion(String version) {
      Headers headers = binaryHeaders().put("ce-specversion", version);

      assertRejected(message(headers, "{}".getBytes(UTF_8)), "unsupported specversion", "'" + version + "'", "1.0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ce-id", "ce-source", "ce-type"})
    void binaryMissingARequiredAttribute(String header) {
      Headers headers = binaryHeaders();
      headers.remove(header);

      assertRejected(message(headers, "{}".getBytes(UTF_8)), "missing required attribute", "'" + header + "'");
    }

    @Test
    void binaryWithAnEmptyId() {
      Headers headers = binaryHeaders().put("ce-id", "");

      assertRejected(message(headers, "{}".getBytes(UTF_8)), "missing required attribute", "'ce-id'");
    }

    @Test
    void binaryWithBadPercentEncoding() {
      Headers headers = binaryHeaders().put("ce-subject", "100%");

      assertRejected(message(headers, "{}".getBytes(UTF_8)), "ce-subject", "malformed percent-encoding");
    }

    @Test
    void binaryWithPercentEncodingThatIsNotUtf8() {
      Headers headers = binaryHeaders().put("ce-id", "%C3%28");

      assertRejected(message(headers, "{}".getBytes(UTF_8)), "ce-id", "not UTF-8");
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "2025-13-01T00:00:00Z", "2025-04-05 17:31:00Z", "2025-04-05T17:31:00", "1712338260"})
    void binaryWithABadTime(String time) {
      Headers headers = binaryHeaders().put("ce-time", PercentEncoding.encode(time));

      assertRejected(message(headers, "{}".getBytes(UTF_8)), "'time'", "RFC 3339", time);
    }

    @Test
    void binaryWithASourceThatIsNotAUriReference() {
      Headers headers = binaryHeaders().put("ce-source", "booking%20service");

      assertRejected(message(headers, "{}".getBytes(UTF_8)), "'source'", "URI-reference", "booking service");
    }

    @Test
    void binaryWithAnInvalidExtensionName() {
      Headers headers = binaryHeaders().put("ce-trace_id", "abc");

      assertRejected(message(headers, "{}".getBytes(UTF_8)), "extension", "trace_id");
    }

  }
}
