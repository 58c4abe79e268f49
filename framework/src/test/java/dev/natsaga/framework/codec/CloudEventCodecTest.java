package dev.natsaga.framework.codec;

import static dev.natsaga.framework.codec.Conformance.assertSameEvent;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.natsaga.framework.ContentMode;
import io.cloudevents.CloudEvent;
import io.cloudevents.SpecVersion;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class CloudEventCodecTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NATS_SUBJECT = "dev.booking.appointment.confirmed.v1";
  private static final String ID = "4f6c2a9e-8d1b-4c3e-9a7f-2b5d8e1c0a36";
  private static final OffsetDateTime TIME = OffsetDateTime.of(2025, 3, 14, 9, 26, 53, 589_000_000, ZoneOffset.UTC);
  private static final String DATA_JSON = "{\"bookingId\":\"b-42\",\"amount\":4200,\"currency\":\"EUR\",\"note\":\"Grüße 🎉\"}";
  private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  private final CloudEventCodec codec = new CloudEventCodec();

  private static CloudEventBuilder fullEvent() {
    return CloudEventBuilder.v1()
        .withId(ID)
        .withSource(URI.create("booking-service"))
        .withType("booking.appointment.confirmed.v1")
        .withTime(TIME)
        .withSubject("booking 42 / Zürich €")
        .withData("application/json", DATA_JSON.getBytes(UTF_8))
        .withExtension("correlationid", "corr-1")
        .withExtension("causationid", "8b0c3b1e-8f7e-4d0a-9b9e-0c1d2e3f4a5b")
        .withExtension("traceparent", TRACEPARENT)
        .withExtension("sagaid", "saga \"7\" 100%");
  }

  private static String header(Message message, String name) {
    return message.getHeaders().getFirst(name);
  }

  private static JsonNode json(byte[] bytes) throws Exception {
    return JSON.readTree(bytes);
  }

  private static Message message(Headers headers, byte[] data) {
    return NatsMessage.builder().subject(NATS_SUBJECT).headers(headers).data(data).build();
  }

  private static Headers binaryHeaders() {
    Headers headers = new Headers();
    headers.put("ce-specversion", "1.0");
    headers.put("ce-id", ID);
    headers.put("ce-source", "booking-service");
    headers.put("ce-type", "booking.appointment.confirmed.v1");
    headers.put("Content-Type", "application/json");
    return headers;
  }

  private static Headers structuredHeaders() {
    Headers headers = new Headers();
    headers.put("Content-Type", "application/cloudevents+json");
    return headers;
  }

  @Nested
  class StructuredEncode {

    @Test
    void setsContentTypeMsgIdAndSubject() {
      NatsMessage message = codec.encode(NATS_SUBJECT, fullEvent().build(), ContentMode.STRUCTURED);

      assertThat(message.getSubject()).isEqualTo(NATS_SUBJECT);
      assertThat(header(message, "Content-Type")).isEqualTo("application/cloudevents+json");
      assertThat(header(message, "Nats-Msg-Id")).isEqualTo(CloudEventCodec.messageId(fullEvent().build())).matches("[A-Za-z0-9_-]{22}");
      assertThat(message.getHeaders().keySet()).noneMatch(k -> k.toLowerCase().startsWith("ce-"));
    }

    @Test
    void payloadIsJsonWithTheAttributesAndTheDataEmbeddedAsJson() throws Exception {
      NatsMessage message = codec.encode(NATS_SUBJECT, fullEvent().build(), ContentMode.STRUCTURED);

      JsonNode root = json(message.getData());

      assertThat(root.get("specversion").asText()).isEqualTo("1.0");
      assertThat(root.get("id").asText()).isEqualTo(ID);
      assertThat(root.get("source").asText()).isEqualTo("booking-service");
      assertThat(root.get("type").asText()).isEqualTo("booking.appointment.confirmed.v1");
      assertThat(OffsetDateTime.parse(root.get("time").asText())).isEqualTo(TIME);
      assertThat(root.get("subject").asText()).isEqualTo("booking 42 / Zürich €");
      assertThat(root.get("datacontenttype").asText()).isEqualTo("application/json");
      assertThat(root.get("correlationid").asText()).isEqualTo("corr-1");
      assertThat(root.get("causationid").asText()).isEqualTo("8b0c3b1e-8f7e-4d0a-9b9e-0c1d2e3f4a5b");
      assertThat(root.get("traceparent").asText()).isEqualTo(TRACEPARENT);
      assertThat(root.get("sagaid").asText()).isEqualTo("saga \"7\" 100%");
      assertThat(root.has("data_base64")).isFalse();
      assertThat(root.get("data").isObject()).isTrue();
      assertThat(root.get("data")).isEqualTo(JSON.readTree(DATA_JSON));
      assertThat(root.get("data").get("amount").asLong()).isEqualTo(4200);
    }

    @Test
    void binaryDataIsBase64InStructuredMode() throws Exception {
      byte[] bytes = {0, 1, 2, (byte) 0xFF};
      CloudEvent event = CloudEventBuilder.v1(fullEvent().build())
          .withData("application/octet-stream", bytes).build();

      JsonNode root = json(codec.encode(NATS_SUBJECT, event, ContentMode.STRUCTURED).getData());

      assertThat(root.has("data")).isFalse();
      assertThat(root.get("data_base64").asText()).isEqualTo("AAEC/w==");
    }

    @Test
    void anEventWithoutDataHasNoDataMember() throws Exception {
      CloudEvent event = CloudEventBuilder.v1(fullEvent().build()).withoutData().withoutDataContentType().build();

      JsonNode root = json(codec.encode(NATS_SUBJECT, event, ContentMode.STRUCTURED).getData());

      assertThat(root.has("data")).isFalse();
      assertThat(root.has("data_base64")).isFalse();
      assertThat(root.get("id").asText()).isEqualTo(ID);
    }
  }

  @Nested
  class BinaryEncode {

    @Test
    void putsEveryAttributeInACeHeader() {
      NatsMessage message = codec.encode(NATS_SUBJECT, fullEvent().build(), ContentMode.BINARY);

      assertThat(message.getSubject()).isEqualTo(NATS_SUBJECT);
      assertThat(header(message, "Nats-Msg-Id")).isEqualTo(CloudEventCodec.messageId(fullEvent().build()));
      assertThat(header(message, "ce-specversion")).isEqualTo("1.0");
      assertThat(header(message, "ce-id")).isEqualTo(ID);
      assertThat(header(message, "ce-source")).isEqualTo("booking-service");
      assertThat(header(message, "ce-type")).isEqualTo("booking.appointment.confirmed.v1");
      assertThat(header(message, "ce-time")).isEqualTo("2025-03-14T09:26:53.589Z");
      assertThat(header(message, "ce-correlationid")).isEqualTo("corr-1");
      assertThat(header(message, "ce-causationid")).isEqualTo("8b0c3b1e-8f7e-4d0a-9b9e-0c1d2e3f4a5b");
      assertThat(header(message, "ce-traceparent")).isEqualTo(TRACEPARENT);
    }

    @Test
    void percentEncodesHeaderValues() {
      NatsMessage message = codec.encode(NATS_SUBJECT, fullEvent().build(), ContentMode.BINARY);

      assertThat(header(message, "ce-subject")).isEqualTo("booking%2042%20/%20Z%C3%BCrich%20%E2%82%AC");
      assertThat(header(message, "ce-sagaid")).isEqualTo("saga%20%227%22%20100%25");
    }

    @Test
    void everyCeHeaderValueIsPrintableAscii() {
      NatsMessage message = codec.encode(NATS_SUBJECT, fullEvent().build(), ContentMode.BINARY);

      message.getHeaders().forEach((name, values) -> {
        if (name.startsWith("ce-")) {
          assertThat(values).allSatisfy(v -> assertThat(v.chars()).allMatch(c -> c > 0x20 && c < 0x7F && c != '"'));
        }
      });
    }

    /** NATS binding 1.0.3 §3.1.3.1: "datacontenttype maps to ce-datacontenttype" (main wrote Content-Type). */
    @Test
    void dataContentTypeIsACeHeaderAndPayloadIsTheDataBytes() {
      NatsMessage message = codec.encode(NATS_SUBJECT, fullEvent().build(), ContentMode.BINARY);

      assertThat(header(message, "ce-datacontenttype")).isEqualTo("application/json");
      assertThat(header(message, "Content-Type")).isNull();
      assertThat(message.getData()).isEqualTo(DATA_JSON.getBytes(UTF_8));
    }

    @Test
    void timeAlwaysHasSecondsAsRfc3339Requires() {
      CloudEvent event = CloudEventBuilder.v1(fullEvent().build())
          .withTime(OffsetDateTime.of(2025, 3, 14, 9, 26, 0, 0, ZoneOffset.ofHours(2))).build();

      NatsMessage message = codec.encode(NATS_SUBJECT, event, ContentMode.BINARY);

      assertThat(header(message, "ce-time")).isEqualTo("2025-03-14T09:26:00+02:00");
    }

    @Test
    void optionalAttributesThatAreAbsentAreNotSent() {
      CloudEvent event = CloudEventBuilder.v1()
          .withId(ID)
          .withSource(URI.create("booking-service"))
          .withType("booking.appointment.confirmed.v1")
          .build();

      NatsMessage message = codec.encode(NATS_SUBJECT, event, ContentMode.BINARY);

      assertThat(message.getHeaders().keySet())
          .containsExactlyInAnyOrder("Nats-Msg-Id", "ce-specversion", "ce-id", "ce-source", "ce-type");
      assertThat(message.getData()).isEmpty();
    }

    @Test
    void dataSchemaIsSentAsAHeader() {
      CloudEvent event = CloudEventBuilder.v1(fullEvent().build())
          .withDataSchema(URI.create("https://schemas.example.com/booking/confirmed/v1.json")).build();

      NatsMessage message = codec.encode(NATS_SUBJECT, event, ContentMode.BINARY);

      assertThat(header(message, "ce-dataschema")).isEqualTo("https://schemas.example.com/booking/confirmed/v1.json");
    }
  }

  @Nested
  class RoundTrip {

    @ParameterizedTest
    @EnumSource(ContentMode.class)
    void aFullEventSurvivesEncodeAndDecode(ContentMode mode) throws Exception {
      CloudEvent event = fullEvent().build();

      CloudEvent decoded = codec.decode(codec.encode(NATS_SUBJECT, event, mode));

      assertSameEvent(decoded, event);
      assertThat(decoded.getExtension("sagaid")).isEqualTo("saga \"7\" 100%");
      assertThat(decoded.getSubject()).isEqualTo("booking 42 / Zürich €");
    }

    @ParameterizedTest
    @EnumSource(ContentMode.class)
    void aMinimalEventSurvives(ContentMode mode) throws Exception {
      CloudEvent event = CloudEventBuilder.v1()
          .withId(ID)
          .withSource(URI.create("payment-service"))
          .withType("payment.transaction.authorize.v1")
          .build();

      CloudEvent decoded = codec.decode(codec.encode(NATS_SUBJECT, event, mode));

      assertSameEvent(decoded, event);
      assertThat(decoded.getTime()).isNull();
      assertThat(decoded.getSubject()).isNull();
      assertThat(decoded.getExtensionNames()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(ContentMode.class)
    void binaryDataSurvivesByteForByte(ContentMode mode) throws Exception {
      byte[] bytes = new byte[256];
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = (byte) i;
      }
      CloudEvent event = CloudEventBuilder.v1(fullEvent().build()).withData("application/octet-stream", bytes).build();

      CloudEvent decoded = codec.decode(codec.encode(NATS_SUBJECT, event, mode));

      assertThat(decoded.getDataContentType()).isEqualTo("application/octet-stream");
      assertThat(decoded.getData().toBytes()).isEqualTo(bytes);
    }

    @ParameterizedTest
    @EnumSource(ContentMode.class)
    void timeWithOffsetAndNanosSurvives(ContentMode mode) throws Exception {
      OffsetDateTime time = OffsetDateTime.of(2025, 12, 31, 23, 59, 0, 123_456_789, ZoneOffset.ofHoursMinutes(-5, -30));
      CloudEvent event = CloudEventBuilder.v1(fullEvent().build()).withTime(time).build();

      CloudEvent decoded = codec.decode(codec.encode(NATS_SUBJECT, event, mode));

      assertThat(decoded.getTime().toInstant()).isEqualTo(time.toInstant());
    }

    @Test
    void binaryDecodeIsEqualToTheOriginal() throws Exception {
      CloudEvent event = fullEvent().build();

      assertThat(codec.decode(codec.encode(NATS_SUBJECT, event, ContentMode.BINARY))).isEqualTo(event);
    }

    @Test
    void anEventWithDataSchemaSurvivesBothModes() throws Exception {
      CloudEvent event = CloudEventBuilder.v1(fullEvent().build())
          .withDataSchema(URI.create("https://schemas.example.com/confirmed.json")).build();

      for (ContentMode mode : ContentMode.values()) {
        assertSameEvent(codec.decode(codec.encode(NATS_SUBJECT, event, mode)), event);
      }
    }
  }

  @Nested
  class DecodeForeignMessages {

    @Test
    void decodesAHandWrittenStructuredEvent() throws Exception {
      String json = """
          {
            "specversion" : "1.0",
            "type" : "payment.transaction.authorized.v1",
            "source" : "payment-service",
            "id" : "C234-1234-1234",
            "time" : "2025-04-05T17:31:00Z",
            "subject" : "booking-42",
            "correlationid" : "corr-9",
            "datacontenttype" : "application/json",
            "data" : { "bookingId" : "booking-42", "amount" : 1500 }
          }
          """;

      CloudEvent event = codec.decode(message(structuredHeaders(), json.getBytes(UTF_8)));

      assertThat(event.getSpecVersion()).isEqualTo(SpecVersion.V1);
      assertThat(event.getId()).isEqualTo("C234-1234-1234");
      assertThat(event.getType()).isEqualTo("payment.transaction.authorized.v1");
      assertThat(event.getSource()).isEqualTo(URI.create("payment-service"));
      assertThat(event.getTime()).isEqualTo(OffsetDateTime.of(2025, 4, 5, 17, 31, 0, 0, ZoneOffset.UTC));
      assertThat(event.getSubject()).isEqualTo("booking-42");
      assertThat(event.getExtension("correlationid")).isEqualTo("corr-9");
      assertThat(event.getDataContentType()).isEqualTo("application/json");
      assertThat(json(event.getData().toBytes())).isEqualTo(JSON.readTree("{\"bookingId\":\"booking-42\",\"amount\":1500}"));
    }

    @Test
    void structuredDataIsTheExactJsonValueEvenWithBracesInsideStrings() throws Exception {
      String data = "{ \"note\" : \"} ] {\\\" ü\", \"items\" : [ {\"n\":1}, [2, \"]\"] ] }";
      String json = "{\"specversion\":\"1.0\",\"type\":\"t.e.happened.v1\",\"source\":\"/x\",\"id\":\"1\",\"data\" : "
          + data + " , \"subject\":\"s\"}";

      CloudEvent event = codec.decode(message(structuredHeaders(), json.getBytes(UTF_8)));

      assertThat(new String(event.getData().toBytes(), UTF_8)).isEqualTo(data);
      assertThat(event.getSubject()).isEqualTo("s");
    }

    @ParameterizedTest
    @ValueSource(strings = {"42", "-1.5e3", "true", "null", "\"text\""})
    void structuredDataMayBeAnyJsonScalar(String data) throws Exception {
      String json = "{\"specversion\":\"1.0\",\"type\":\"t.e.happened.v1\",\"source\":\"/x\",\"id\":\"1\",\"data\":" + data + "}";

      CloudEvent event = codec.decode(message(structuredHeaders(), json.getBytes(UTF_8)));

      assertThat(new String(event.getData().toBytes(), UTF_8)).isEqualTo(data);
    }

    @Test
    void structuredTextDataWithANonJsonContentTypeIsTheStringItself() throws Exception {
      String json = "{\"specversion\":\"1.0\",\"type\":\"t.e.happened.v1\",\"source\":\"/x\",\"id\":\"1\","
          + "\"datacontenttype\":\"text/plain\",\"data\":\"line \\\"1\\\"\\nGrüße\"}";

      CloudEvent event = codec.decode(message(structuredHeaders(), json.getBytes(UTF_8)));

      assertThat(new String(event.getData().toBytes(), UTF_8)).isEqualTo("line \"1\"\nGrüße");
    }

    @Test
    void structuredExtensionsKeepTheirJsonTypes() throws Exception {
      String json = "{\"specversion\":\"1.0\",\"type\":\"t.e.happened.v1\",\"source\":\"/x\",\"id\":\"1\","
          + "\"priority\":3,\"urgent\":true,\"region\":\"eu\"}";

      CloudEvent event = codec.decode(message(structuredHeaders(), json.getBytes(UTF_8)));

      assertThat(event.getExtension("priority")).isEqualTo(3);
      assertThat(event.getExtension("urgent")).isEqualTo(true);
      assertThat(event.getExtension("region")).isEqualTo("eu");
    }

    @Test
    void aRepeatedStructuredMemberCountsOnceTheLastWinning() throws Exception {
      String json = "{\"specversion\":\"1.0\",\"type\":\"t.e.happened.v1\",\"source\":\"/x\",\"id\":\"1\",\"id\":\"2\"}";

      assertThat(codec.decode(message(structuredHeaders(), json.getBytes(UTF_8))).getId()).isEqualTo("2");
    }

    @Test
    void decodesAStructuredEventWithBase64DataAndACharsetParameter() throws Exception {
      String json = "{\"specversion\":\"1.0\",\"type\":\"t.e.happened.v1\",\"source\":\"/x\",\"id\":\"1\","
          + "\"datacontenttype\":\"application/octet-stream\",\"data_base64\":\"AAEC/w==\"}";
      Headers headers = new Headers().put("Content-Type", "application/cloudevents+json; charset=utf-8");

      CloudEvent event = codec.decode(message(headers, json.getBytes(UTF_8)));

      assertThat(event.getData().toBytes()).containsExactly(0, 1, 2, 0xFF);
    }

    @Test
    void decodesAHandWrittenBinaryEvent() throws Exception {
      Headers headers = binaryHeaders()
          .put("ce-time", "2025-04-05T17:31:00.5+01:00")
          .put("ce-subject", "Euro%20%E2%82%AC")
          .put("ce-correlationid", "corr%209");

      CloudEvent event = codec.decode(message(headers, "{\"ok\":true}".getBytes(UTF_8)));

      assertThat(event.getId()).isEqualTo(ID);
      assertThat(event.getSource()).isEqualTo(URI.create("booking-service"));
      assertThat(event.getType()).isEqualTo("booking.appointment.confirmed.v1");
      assertThat(event.getTime()).isEqualTo(OffsetDateTime.of(2025, 4, 5, 17, 31, 0, 500_000_000, ZoneOffset.ofHours(1)));
      assertThat(event.getSubject()).isEqualTo("Euro €");
      assertThat(event.getExtension("correlationid")).isEqualTo("corr 9");
      assertThat(event.getDataContentType()).isEqualTo("application/json");
      assertThat(event.getData().toBytes()).isEqualTo("{\"ok\":true}".getBytes(UTF_8));
    }

    @Test
    void binaryHeaderNamesAreCaseInsensitive() throws Exception {
      Headers headers = new Headers()
          .put("Ce-Specversion", "1.0")
          .put("Ce-Id", ID)
          .put("CE-SOURCE", "booking-service")
          .put("ce-Type", "booking.appointment.confirmed.v1")
          .put("Ce-Subject", "a%20b")
          .put("Ce-CorrelationId", "corr-1");

      CloudEvent event = codec.decode(message(headers, new byte[0]));

      assertThat(event.getId()).isEqualTo(ID);
      assertThat(event.getSource()).isEqualTo(URI.create("booking-service"));
      assertThat(event.getType()).isEqualTo("booking.appointment.confirmed.v1");
      assertThat(event.getSubject()).isEqualTo("a b");
      assertThat(event.getExtension("correlationid")).isEqualTo("corr-1");
    }

    @Test
    void contentTypeHeaderNameIsCaseInsensitive() throws Exception {
      byte[] json = codec.encode(NATS_SUBJECT, fullEvent().build(), ContentMode.STRUCTURED).getData();
      Headers headers = new Headers().put("content-type", "Application/CloudEvents+JSON");

      assertSameEvent(codec.decode(message(headers, json)), fullEvent().build());
    }

    @Test
    void binaryEventWithoutDataHasNoData() throws Exception {
      Headers headers = binaryHeaders();
      headers.remove("Content-Type");

      CloudEvent event = codec.decode(message(headers, null));

      assertThat(event.getData()).isNull();
      assertThat(event.getDataContentType()).isNull();
    }

    @Test
    void unknownNonCeHeadersAreIgnored() throws Exception {
      Headers headers = binaryHeaders().put("Nats-Msg-Id", ID).put("X-Trace", "abc").put("cex-thing", "y");

      CloudEvent event = codec.decode(message(headers, "{}".getBytes(UTF_8)));

      assertThat(event.getExtensionNames()).isEmpty();
    }
  }

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
