package dev.natsaga.framework.codec;

import static dev.natsaga.framework.codec.Conformance.structured;
import static dev.natsaga.framework.codec.Conformance.tree;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.natsaga.framework.ContentMode;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.jackson.JsonCloudEventData;
import io.cloudevents.jackson.JsonFormat;
import java.math.BigDecimal;
import java.net.URI;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * natsaga's structured mode against each rule of the CloudEvents JSON format (JSON format §2–3) and the attribute type
 * system (spec §2 "Type System"), including every place where the SDK's {@code JsonFormat} departs from the spec: there
 * the test shows the SDK's behaviour and that natsaga follows the spec.
 */
class JsonFormatRulesTest {

  private static final String HEAD = "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/orders\",\"type\":\"com.example.placed\"";

  private final CloudEventCodec codec = new CloudEventCodec();

  private CloudEvent read(String members) throws InvalidCloudEventException {
    return codec.decode(structured((HEAD + members + "}").getBytes(UTF_8)));
  }

  private void assertRefused(String members, String... fragments) {
    assertThatThrownBy(() -> read(members)).isInstanceOf(InvalidCloudEventException.class).hasMessageContainingAll(fragments);
  }

  private JsonNode written(CloudEvent event) {
    return tree(codec.encode(Conformance.NATS_SUBJECT, event, ContentMode.STRUCTURED).getData());
  }

  private static CloudEventBuilder base() {
    return CloudEventBuilder.v1().withId("1").withSource(URI.create("/orders")).withType("com.example.placed");
  }

  /** §2.2: "When decoding attributes and a null value is encountered, it MUST be treated as the equivalent of unset or omitted." */
  @Nested
  class Nulls {

    @Test
    void nullOptionalAttributesAreUnset() throws Exception {
      CloudEvent event = read(",\"subject\":null,\"time\":null,\"dataschema\":null,\"datacontenttype\":null");

      assertThat(event.getSubject()).isNull();
      assertThat(event.getTime()).isNull();
      assertThat(event.getDataSchema()).isNull();
      assertThat(event.getDataContentType()).isNull();
    }

    @Test
    void aNullExtensionIsUnsetNotTheStringNull() throws Exception {
      CloudEvent event = read(",\"comexampleext\":null,\"other\":\"x\"");

      assertThat(event.getExtensionNames()).containsExactly("other");
      assertThat(event.getExtension("comexampleext")).isNull();
    }

    @Test
    void theSdkReadsANullExtensionAsTheStringNullTheSpecWins() throws Exception {
      byte[] json = (HEAD + ",\"comexampleext\":null}").getBytes(UTF_8);

      assertThat(new JsonFormat().deserialize(json).getExtension("comexampleext")).as("the SDK").isEqualTo("null");
      assertThat(codec.decode(structured(json)).getExtensionNames()).isEmpty();
    }

    @Test
    void aNullRequiredAttributeIsMissing() {
      assertThatThrownBy(() -> codec.decode(structured("{\"specversion\":\"1.0\",\"id\":null,\"source\":\"/o\",\"type\":\"t\"}".getBytes(UTF_8))))
          .isInstanceOf(InvalidCloudEventException.class).hasMessageContaining("missing mandatory id");
    }

    @Test
    void aLaterNullUnsetsAnEarlierValue() throws Exception {
      assertThat(read(",\"subject\":\"a\",\"subject\":null").getSubject()).isNull();
    }
  }

  /** Type system: an Integer is a whole number from -2,147,483,648 to 2,147,483,647; JSON §2.2: "only the integer component". */
  @Nested
  class ExtensionTypes {

    @ParameterizedTest
    @ValueSource(strings = {"42.42", "4247483647", "2147483648", "-2147483649", "1e3", "1.0", "-0.5", "12345678901234567890"})
    void aNumberThatIsNotAnIntegerIsRefusedNamingTheExtension(String number) {
      assertRefused(",\"amount\":" + number, "extension 'amount'", number, "string");
    }

    @Test
    void integersAtTheEdgesOf32BitsAreIntegers() throws Exception {
      CloudEvent event = read(",\"max\":2147483647,\"min\":-2147483648,\"zero\":-0");

      assertThat(event.getExtension("max")).isEqualTo(Integer.MAX_VALUE);
      assertThat(event.getExtension("min")).isEqualTo(Integer.MIN_VALUE);
      assertThat(event.getExtension("zero")).isEqualTo(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":1}", "[1,2]"})
    void anObjectOrArrayIsNoCloudEventsTypeAndIsRefused(String value) {
      assertRefused(",\"tags\":" + value, "extension 'tags'", "no CloudEvents type");
    }

    @Test
    void theSdkTakesAnObjectExtensionAsItsJsonTextTheSpecWins() {
      byte[] json = (HEAD + ",\"tags\":[1,2]}").getBytes(UTF_8);

      assertThat(new JsonFormat().deserialize(json).getExtension("tags")).as("the SDK").isEqualTo("[1,2]");
      assertThatThrownBy(() -> codec.decode(structured(json))).isInstanceOf(InvalidCloudEventException.class);
    }

    @Test
    void anyNumberThatIsNotAnIntegerIsWrittenAsAString() {
      CloudEvent event = base().withExtension("integer", 42).withExtension("long", 4200L)
          .withExtension("decimal", new BigDecimal("42.42")).withExtension("double", 4.5d).build();

      JsonNode json = written(event);

      assertThat(json.get("integer").isInt()).isTrue();
      assertThat(json.get("long").textValue()).isEqualTo("4200");
      assertThat(json.get("decimal").textValue()).isEqualTo("42.42");
      assertThat(json.get("double").textValue()).isEqualTo("4.5");
    }

    @Test
    void binaryAndUriAndTimestampExtensionsAreWrittenAsTheirCanonicalStrings() {
      CloudEvent event = base().withExtension("bytes", new byte[] {(byte) 0xE0, (byte) 0xFF, 0, 0x44, (byte) 0xAA})
          .withExtension("link", URI.create("https://example.com/x"))
          .withExtension("due", java.time.OffsetDateTime.parse("2025-03-14T09:26:00+01:00")).build();

      JsonNode json = written(event);

      assertThat(json.get("bytes").textValue()).isEqualTo("4P8ARKo=");
      assertThat(json.get("link").textValue()).isEqualTo("https://example.com/x");
      assertThat(json.get("due").textValue()).as("with its seconds").isEqualTo("2025-03-14T09:26:00+01:00");
    }
  }

  /** JSON format §3.1 and spec "datacontenttype": media types are case-insensitive; {@code *}{@code /json} and {@code *}{@code /*+json} are JSON. */
  @Nested
  class ContentTypes {

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "APPLICATION/JSON", "Application/Json; charset=UTF-8", "text/json",
        "application/foo+json; charset=utf-8", "application/vnd.booking.v1+json", "application/problem+JSON", "application/json ; charset=utf-8"})
    void jsonContentTypesCarryTheDataAsAJsonValue(String contentType) throws Exception {
      JsonNode json = written(base().withData(contentType, "{\"a\":[1,2]}".getBytes(UTF_8)).build());

      assertThat(json.get("data").isObject()).isTrue();
      assertThat(json.has("data_base64")).isFalse();
      CloudEvent back = read(",\"datacontenttype\":\"" + contentType + "\",\"data\":{\"a\":[1,2]}");
      assertThat(tree(back.getData().toBytes())).isEqualTo(tree("{\"a\":[1,2]}".getBytes(UTF_8)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json-seq", "application/jsonwrong", "text/plain", "application/xml", "application/json5"})
    void dataDeclaredAsAnotherFormatIsNeverWrittenAsRawJson(String contentType) {
      JsonNode json = written(base().withData(contentType, "{\"a\":1}\n{\"a\":2}".getBytes(UTF_8)).build());

      assertThat(json.has("data")).isFalse();
      assertThat(json.get("data_base64").textValue()).isEqualTo(java.util.Base64.getEncoder().encodeToString("{\"a\":1}\n{\"a\":2}".getBytes(UTF_8)));
    }

    @Test
    void jsonDataDeclaredAsAnotherFormatIsNotWrittenAsJsonEither() throws Exception {
      CloudEvent event = base().withData("text/plain", JsonCloudEventData.wrap(Conformance.JSON.readTree("{\"a\":1}"))).build();

      JsonNode json = written(event);

      assertThat(json.has("data")).isFalse();
      assertThat(json.has("data_base64")).isTrue();
    }

    @Test
    void binaryDataWithoutADataContentTypeIsDataBase64AndNoContentTypeIsAssumed() throws Exception {
      CloudEvent event = base().withData(new byte[] {'{', '}'}).build();

      JsonNode json = written(event);

      assertThat(json.has("data")).isFalse();
      assertThat(json.has("datacontenttype")).isFalse();
      assertThat(json.get("data_base64").textValue()).isEqualTo("e30=");
      CloudEvent back = codec.decode(codec.encode(Conformance.NATS_SUBJECT, event, ContentMode.STRUCTURED));
      assertThat(back.getDataContentType()).isNull();
      assertThat(back.getData().toBytes()).isEqualTo(new byte[] {'{', '}'});
    }

    @Test
    void bytesDeclaredAsJsonThatAreNotOneJsonValueFailTheEncodeInsteadOfWritingInvalidJson() {
      for (String notJson : new String[] {"{\"a\":", "{} {}", "hello", ""}) {
        CloudEvent event = base().withData("application/json", notJson.getBytes(UTF_8)).build();

        assertThatThrownBy(() -> codec.encode(Conformance.NATS_SUBJECT, event, ContentMode.STRUCTURED)).as(notJson)
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not one JSON value");
      }
    }

    /** The SDK's rule is {@code ^(application|text)/([a-zA-Z]+\+)?json(;.*)*$}: case-sensitive, no dots or digits before +json. */
    @ParameterizedTest
    @ValueSource(strings = {"APPLICATION/JSON", "application/vnd.booking.v1+json", "application/json ; charset=utf-8"})
    void theSdkMissesJsonContentTypesTheSpecWins(String contentType) throws Exception {
      CloudEvent event = base().withData(contentType, "{\"a\":1}".getBytes(UTF_8)).build();

      assertThat(tree(new JsonFormat().serialize(event)).has("data_base64")).as("the SDK").isTrue();
      assertThat(written(event).get("data").isObject()).isTrue();
    }
  }

  /** Spec: time is RFC 3339; subject, dataschema and datacontenttype non-empty when present; dataschema an absolute URI. */
  @Nested
  class AttributeValuesRules {

    @ParameterizedTest
    @ValueSource(strings = {"2025-03-14T09:26Z", "2025-03-14T09:26:53+01:00:30", "2025-03-14T09:26:53.Z", "2025-03-14 09:26:53Z"})
    void aTimeRfc3339ForbidsIsRefused(String time) {
      assertRefused(",\"time\":\"" + time + "\"", "'time'", "RFC 3339", time);
    }

    @Test
    void theSdkReadsATimeWithoutSecondsTheSpecWins() {
      byte[] json = (HEAD + ",\"time\":\"2025-03-14T09:26Z\"}").getBytes(UTF_8);

      assertThat(new JsonFormat().deserialize(json).getTime()).as("the SDK").isNotNull();
      assertThatThrownBy(() -> codec.decode(structured(json))).isInstanceOf(InvalidCloudEventException.class);
    }

    @Test
    void lowerCaseTAndZAreRfc3339() throws Exception {
      assertThat(read(",\"time\":\"2025-03-14t09:26:53z\"").getTime()).isEqualTo(java.time.OffsetDateTime.parse("2025-03-14T09:26:53Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"subject", "dataschema", "datacontenttype"})
    void anEmptyOptionalAttributeIsRefused(String attribute) {
      assertRefused(",\"" + attribute + "\":\"\"", "'" + attribute + "'", "empty");
    }

    @Test
    void aRelativeDataschemaIsRefused() {
      assertRefused(",\"dataschema\":\"/schemas/order.json\"", "'dataschema'", "absolute URI");
    }

    @Test
    void dataWithoutDataContentTypeReadsAsTheImpliedApplicationJson() throws Exception {
      assertThat(read(",\"data\":{\"a\":1}").getDataContentType()).isEqualTo("application/json");
      assertThat(read(",\"data_base64\":\"e30=\"").getDataContentType()).isNull();
    }

    @Test
    void anExplicitNullDataIsTheJsonValueNull() throws Exception {
      CloudEvent event = read(",\"datacontenttype\":\"application/json\",\"data\":null");

      assertThat(event.getData().toBytes()).isEqualTo("null".getBytes(UTF_8));
    }
  }
}
