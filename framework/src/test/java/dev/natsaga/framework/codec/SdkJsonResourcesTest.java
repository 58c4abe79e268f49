package dev.natsaga.framework.codec;

import static dev.natsaga.framework.codec.Conformance.assertSameEvent;
import static dev.natsaga.framework.codec.Conformance.resource;
import static dev.natsaga.framework.codec.Conformance.structured;
import static dev.natsaga.framework.codec.Conformance.tree;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.natsaga.framework.ContentMode;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.jackson.JsonFormat;
import java.math.BigDecimal;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CloudEvents Java SDK's own JSON-format test resources ({@code conformance/sdk-java/v1}), read and written by
 * natsaga's codec the way the SDK's {@code JsonFormatTest} reads and writes them with {@code JsonFormat}, against
 * the SDK's test events ({@code io.cloudevents.core.test.Data}, transcribed below).
 */
class SdkJsonResourcesTest {

  private static final String ID = "1";
  private static final String TYPE = "mock.test";
  private static final URI SOURCE = URI.create("http://localhost/source");
  private static final URI DATASCHEMA = URI.create("http://localhost/schema");
  private static final String SUBJECT = "sub";
  private static final OffsetDateTime TIME = OffsetDateTime.parse("2018-04-26T14:48:09+02:00");
  private static final byte[] DATA_JSON = "{}".getBytes(UTF_8);
  private static final byte[] DATA_XML = "<stuff></stuff>".getBytes(UTF_8);
  private static final byte[] DATA_TEXT = "Hello World Lorena!".getBytes(UTF_8);
  private static final byte[] BINARY_VALUE = {(byte) 0xE0, (byte) 0xFF, (byte) 0x00, (byte) 0x44, (byte) 0xAA};

  static final CloudEvent V1_MIN = CloudEventBuilder.v1().withId(ID).withType(TYPE).withSource(SOURCE).build();
  static final CloudEvent V1_WITH_JSON_DATA = CloudEventBuilder.v1(V1_MIN)
      .withData("application/json", DATASCHEMA, DATA_JSON).withSubject(SUBJECT).withTime(TIME).build();
  static final CloudEvent V1_WITH_JSON_DATA_WITH_FRACTIONAL_TIME = CloudEventBuilder.v1(V1_WITH_JSON_DATA)
      .withTime(OffsetDateTime.parse("2018-04-26T14:48:09.1234Z")).build();
  static final CloudEvent V1_WITH_JSON_DATA_WITH_EXT = CloudEventBuilder.v1(V1_WITH_JSON_DATA)
      .withExtension("astring", "aaa").withExtension("aboolean", true).withExtension("anumber", 10).build();
  static final CloudEvent V1_WITH_XML_DATA = CloudEventBuilder.v1(V1_MIN)
      .withData("application/xml", DATA_XML).withSubject(SUBJECT).withTime(TIME).build();
  static final CloudEvent V1_WITH_TEXT_DATA = CloudEventBuilder.v1(V1_MIN)
      .withData("text/plain", DATA_TEXT).withSubject(SUBJECT).withTime(TIME).build();
  static final CloudEvent V1_WITH_BINARY_EXT = CloudEventBuilder.v1(V1_MIN).withExtension("binary", BINARY_VALUE).build();
  static final CloudEvent V1_WITH_NUMERIC_EXT = CloudEventBuilder.v1(V1_MIN).withExtension("integer", 42)
      .withExtension("decimal", new BigDecimal("42.42")).withExtension("float", 4.2f).withExtension("long", 4200L).build();

  private final CloudEventCodec codec = new CloudEventCodec();

  /** {@code JsonFormatTest.serializeTestArgumentsDefault}, v1. */
  static Stream<Arguments> serialize() {
    return Stream.of(
        Arguments.of(V1_MIN, "min.json"),
        Arguments.of(V1_WITH_JSON_DATA, "json_data.json"),
        Arguments.of(V1_WITH_JSON_DATA_WITH_FRACTIONAL_TIME, "json_data_with_fractional_time.json"),
        Arguments.of(V1_WITH_JSON_DATA_WITH_EXT, "json_data_with_ext.json"),
        Arguments.of(V1_WITH_XML_DATA, "base64_xml_data.json"),
        Arguments.of(V1_WITH_TEXT_DATA, "base64_text_data.json"),
        Arguments.of(V1_WITH_BINARY_EXT, "binary_attr.json"),
        Arguments.of(V1_WITH_NUMERIC_EXT, "numeric_ext.json"));
  }

  @ParameterizedTest
  @MethodSource
  void serialize(CloudEvent event, String file) {
    byte[] written = codec.encode(Conformance.NATS_SUBJECT, event, ContentMode.STRUCTURED).getData();

    assertThat(tree(written)).isEqualTo(tree(resource("sdk-java/v1/" + file)));
  }

  /** {@code JsonFormatTest.deserializeTestArguments}, v1, plus the files it reads elsewhere. */
  static Stream<Arguments> deserialize() {
    return Stream.of(
        Arguments.of("min.json", V1_MIN),
        Arguments.of("min_subject_null.json", V1_MIN),
        Arguments.of("json_data.json", V1_WITH_JSON_DATA),
        Arguments.of("json_data_with_ext.json", V1_WITH_JSON_DATA_WITH_EXT),
        Arguments.of("json_data_with_fractional_time.json", V1_WITH_JSON_DATA_WITH_FRACTIONAL_TIME),
        Arguments.of("base64_json_data.json", V1_WITH_JSON_DATA),
        Arguments.of("base64_json_data_with_ext.json", V1_WITH_JSON_DATA_WITH_EXT),
        Arguments.of("xml_data.json", V1_WITH_XML_DATA),
        Arguments.of("base64_xml_data.json", V1_WITH_XML_DATA),
        Arguments.of("text_data.json", V1_WITH_TEXT_DATA),
        Arguments.of("base64_text_data.json", V1_WITH_TEXT_DATA),
        // a Binary extension reads back as its canonical string: JSON cannot tell it from a String
        Arguments.of("binary_attr.json", CloudEventBuilder.v1(V1_MIN).withExtension("binary", "4P8ARKo=").build()),
        Arguments.of("numeric_ext.json", CloudEventBuilder.v1(V1_MIN).withExtension("integer", 42)
            .withExtension("decimal", "42.42").withExtension("float", "4.2").withExtension("long", "4200").build()));
  }

  @ParameterizedTest
  @MethodSource
  void deserialize(String file, CloudEvent expected) throws Exception {
    assertSameEvent(codec.decode(structured(resource("sdk-java/v1/" + file))), expected);
  }

  /** Wherever the SDK's {@code JsonFormat} reads a resource, natsaga reads the same event from it. */
  @ParameterizedTest
  @MethodSource("deserialize")
  void deserializesAsTheSdkDoes(String file, CloudEvent ignored) throws Exception {
    byte[] json = resource("sdk-java/v1/" + file);

    assertSameEvent(codec.decode(structured(json)), new JsonFormat().deserialize(json));
  }

  /** {@code JsonFormatTest.roundTripTestArguments}, v1: read and written again, the same JSON. */
  @ParameterizedTest
  @ValueSource(strings = {"min.json", "json_data.json", "base64_xml_data.json", "base64_text_data.json", "json_data_with_ext.json",
      "json_data_with_fractional_time.json", "base64_text_data.json", "numeric_ext.json"})
  void roundTrip(String file) throws Exception {
    byte[] json = resource("sdk-java/v1/" + file);

    CloudEvent event = codec.decode(structured(json));

    assertThat(tree(codec.encode(Conformance.NATS_SUBJECT, event, ContentMode.STRUCTURED).getData())).isEqualTo(tree(json));
  }

  /**
   * {@code JsonFormatTest.badJsonContent}: numbers that are not CloudEvents Integers; and extension names that are not
   * lower-case letters and digits, which the SDK refuses too unless told to lower-case or skip them.
   */
  @ParameterizedTest
  @ValueSource(strings = {"fail_numeric_decimal.json", "fail_numeric_long.json", "json_data_with_ext_upper_case.json",
      "json_data_with_ext_invalid.json"})
  void refuses(String file) {
    byte[] json = resource("sdk-java/v1/" + file);

    assertThatThrownBy(() -> new JsonFormat().deserialize(json)).as("the SDK refuses it too").isInstanceOf(RuntimeException.class);
    assertThatThrownBy(() -> codec.decode(structured(json))).isInstanceOf(InvalidCloudEventException.class)
        .hasMessageContaining("invalid structured CloudEvent");
  }
}
