package dev.natsaga.framework.codec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.jackson.JsonCloudEventData;
import io.cloudevents.jackson.JsonFormat;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The one-pass encoder writes the same bytes as the CloudEvents SDK's {@link JsonFormat} where the SDK follows the
 * JSON format (the cases where it does not are in {@link JsonFormatRulesTest}), and they decode back.
 */
class StructuredJsonEncoderTest {

  private static final OffsetDateTime TIME = OffsetDateTime.of(2025, 3, 14, 9, 26, 53, 589_000_000, ZoneOffset.ofHours(1));

  private final StructuredJsonEncoder encoder = new StructuredJsonEncoder();
  private final StructuredJsonDecoder decoder = new StructuredJsonDecoder();

  static Stream<CloudEvent> events() throws Exception {
    CloudEventBuilder base = CloudEventBuilder.v1().withId("4f6c2a9e").withSource(URI.create("booking-service"))
        .withType("booking.appointment.confirmed.v1");
    return Stream.of(
        base.build(),
        CloudEventBuilder.v1(base.build()).withTime(TIME).withSubject("booking 42 / Zürich € \"q\"")
            .withDataSchema(URI.create("https://schemas.example.com/c.json"))
            .withExtension("correlationid", "corr-1").withExtension("priority", 3).withExtension("urgent", true)
            .withData("application/json", "{\"bookingId\":\"b-42\",\"note\":\"Grüße 🎉\",\"items\":[1,2]}".getBytes(UTF_8)).build(),
        CloudEventBuilder.v1(base.build()).withData("application/octet-stream", new byte[] {0, 1, 2, (byte) 0xFF}).build(),
        CloudEventBuilder.v1(base.build()).withData("text/plain", "plain text".getBytes(UTF_8)).build(),
        CloudEventBuilder.v1(base.build()).withData("application/booking+json;charset=utf-8", "[true,null]".getBytes(UTF_8)).build(),
        CloudEventBuilder.v1(base.build()).withData(JsonCloudEventData.wrap(new ObjectMapper().readTree("{\"a\":[1,{\"b\":\"c\"}]}")))
            .withDataContentType("application/json").build(),
        CloudEventBuilder.v1(base.build()).withDataContentType("application/json").build());
  }

  @ParameterizedTest
  @MethodSource("events")
  void writesWhatTheSdkWrites(CloudEvent event) {
    assertThat(new String(encoder.encode(event), UTF_8)).isEqualTo(new String(new JsonFormat().serialize(event), UTF_8));
  }

  record Order(String id, List<String> items, String note) {
  }

  /** An object with no serializable properties: Jackson refuses it. */
  static final class Opaque {
  }

  @Test
  void anObjectIsSerializedIntoTheEnvelopeAsItsJsonBytesWouldBe() throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    Order order = new Order("o-1", List.of("a", "b \"c\""), "Grüße 🎉 </script>");
    CloudEventBuilder base = CloudEventBuilder.v1().withId("1").withSource(URI.create("s")).withType("t").withTime(TIME);

    byte[] onePass = encoder.encode(base.withData("application/json", new PojoData(order, mapper.writer())).build());
    byte[] viaBytes = encoder.encode(base.withData("application/json", mapper.writeValueAsBytes(order)).build());

    assertThat(new String(onePass, UTF_8)).isEqualTo(new String(viaBytes, UTF_8));
  }

  @Test
  void anObjectJacksonCannotSerializeFailsNamingItsType() {
    CloudEvent event = CloudEventBuilder.v1().withId("1").withSource(URI.create("s")).withType("t")
        .withData("application/json", new PojoData(new Opaque(), new ObjectMapper().writer())).build();

    assertThatThrownBy(() -> encoder.encode(event)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("payload of type " + Opaque.class.getName() + " cannot be serialized");
  }

  @ParameterizedTest
  @MethodSource("events")
  void decodesBackToTheSameEvent(CloudEvent event) throws Exception {
    CloudEvent back = decoder.decode(encoder.encode(event));

    assertThat(back.getId()).isEqualTo(event.getId());
    assertThat(back.getTime()).isEqualTo(event.getTime());
    assertThat(back.getSubject()).isEqualTo(event.getSubject());
    assertThat(back.getDataContentType()).isEqualTo(event.getDataContentType());
    assertThat(back.getExtensionNames()).containsExactlyInAnyOrderElementsOf(event.getExtensionNames());
    for (String name : event.getExtensionNames()) {
      assertThat(back.getExtension(name)).isEqualTo(event.getExtension(name));
    }
    if (event.getData() == null) {
      assertThat(back.getData()).isNull();
    } else if (event.getData() instanceof JsonCloudEventData json) {
      assertThat(new ObjectMapper().readTree(back.getData().toBytes())).isEqualTo(json.getNode());
    } else {
      assertThat(back.getData().toBytes()).isEqualTo(event.getData().toBytes());
    }
  }
}
