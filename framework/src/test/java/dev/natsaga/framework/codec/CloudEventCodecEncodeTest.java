package dev.natsaga.framework.codec;

import static dev.natsaga.framework.codec.CodecFixtures.*;
import static dev.natsaga.framework.codec.Conformance.assertSameEvent;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.natsaga.framework.ContentMode;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.nats.client.impl.NatsMessage;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The codec writing both content modes, and events surviving a round trip. */
class CloudEventCodecEncodeTest {

  private final CloudEventCodec codec = new CloudEventCodec();

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
}
