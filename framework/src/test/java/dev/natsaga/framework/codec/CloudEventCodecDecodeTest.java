package dev.natsaga.framework.codec;

import static dev.natsaga.framework.codec.CodecFixtures.*;
import static dev.natsaga.framework.codec.Conformance.assertSameEvent;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.natsaga.framework.ContentMode;
import io.cloudevents.CloudEvent;
import io.cloudevents.SpecVersion;
import io.nats.client.impl.Headers;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The codec reading messages written by others, in both content modes. */
class CloudEventCodecDecodeTest {

  private final CloudEventCodec codec = new CloudEventCodec();

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
}
