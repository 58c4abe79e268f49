package dev.natsaga.framework.codec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.natsaga.framework.ContentMode;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * natsaga's binary mode against each rule of the CloudEvents NATS protocol binding 1.0.3 (§3.1.3.1 header names,
 * §3.1.3.2 header values), as a sender that follows the binding writes them; and the event identity behind
 * {@code Nats-Msg-Id}.
 */
class BinaryModeRulesTest {

  private final CloudEventCodec codec = new CloudEventCodec();

  private static Headers required() {
    return new Headers().put("ce-specversion", "1.0").put("ce-id", "1234-1234-1234").put("ce-source", "/mycontext")
        .put("ce-type", "com.example.someevent");
  }

  private static Message message(Headers headers, byte[] data) {
    return NatsMessage.builder().subject(Conformance.NATS_SUBJECT).headers(headers).data(data).build();
  }

  private CloudEvent read(Headers headers) throws InvalidCloudEventException {
    return codec.decode(message(headers, "{}".getBytes(UTF_8)));
  }

  private static CloudEventBuilder base() {
    return CloudEventBuilder.v1().withId("1").withSource(URI.create("/orders")).withType("com.example.placed");
  }

  private NatsMessage binary(CloudEvent event) {
    return codec.encode(Conformance.NATS_SUBJECT, event, ContentMode.BINARY);
  }

  /** §3.1.3.1: "datacontenttype maps to ce-datacontenttype". */
  @Nested
  class DataContentType {

    @Test
    void isReadFromCeDataContentType() throws Exception {
      CloudEvent event = read(required().put("ce-datacontenttype", "application/json"));

      assertThat(event.getDataContentType()).isEqualTo("application/json");
      assertThat(event.getData().toBytes()).isEqualTo("{}".getBytes(UTF_8));
    }

    @Test
    void isWrittenAsCeDataContentType() {
      NatsMessage message = binary(base().withData("application/xml", "<a/>".getBytes(UTF_8)).build());

      assertThat(message.getHeaders().getFirst("ce-datacontenttype")).isEqualTo("application/xml");
      assertThat(message.getHeaders().getFirst("Content-Type")).isNull();
    }

    @Test
    void contentTypeIsReadWhenCeDataContentTypeIsAbsent() throws Exception {
      assertThat(read(required().put("Content-Type", "text/plain")).getDataContentType()).isEqualTo("text/plain");
    }

    @Test
    void ceDataContentTypeWinsOverContentType() throws Exception {
      assertThat(read(required().put("ce-datacontenttype", "application/json").put("Content-Type", "text/plain"))
          .getDataContentType()).isEqualTo("application/json");
    }

    @Test
    void isPercentDecodedLikeEveryAttribute() throws Exception {
      assertThat(read(required().put("ce-datacontenttype", "application/json;%20charset=utf-8")).getDataContentType())
          .isEqualTo("application/json; charset=utf-8");
    }

    @Test
    void jsonDataWithoutOneGetsTheImpliedApplicationJsonWhenTranslatedToBinaryMode() throws Exception {
      byte[] json = "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/o\",\"type\":\"t\",\"data\":{\"a\":1}}".getBytes(UTF_8);

      NatsMessage message = binary(codec.decode(Conformance.structured(json)));

      assertThat(message.getHeaders().getFirst("ce-datacontenttype")).isEqualTo("application/json");
    }
  }

  /** §3.1.3.2: values are unquoted (RFC 7230 §3.2.6), then percent-decoded once; the UTF-8 must be valid. */
  @Nested
  class HeaderValues {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"hello world\"|hello world",
        "\"say \\\"hi\\\"\"|say \"hi\"",
        "\"back\\\\slash\"|back\\slash",
        "\"100%25 sure\"|100% sure",
        "\"caf%C3%A9\"|café"})
    void aQuotedStringIsUnescapedThenPercentDecoded(String header, String expected) throws Exception {
      assertThat(read(required().put("ce-subject", header)).getSubject()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"unterminated", "\"closed\" then more", "\"a\"b\""})
    void aValueThatOpensAQuoteMustBeOneQuotedString(String header) {
      assertThatThrownBy(() -> read(required().put("ce-subject", header))).isInstanceOf(InvalidCloudEventException.class)
          .hasMessageContaining("ce-subject").hasMessageContaining("quote");
    }

    @Test
    void whitespaceAroundAValueIsNotPartOfIt() throws Exception {
      Headers headers = required();
      headers.put("ce-source", " /mycontext\t");

      assertThat(read(headers).getSource()).isEqualTo(URI.create("/mycontext"));
    }

    @Test
    void lowerCaseHexAndUnnecessaryEncodingAreAccepted() throws Exception {
      assertThat(read(required().put("ce-subject", "caf%c3%a9%20%41")).getSubject()).isEqualTo("café A");
    }

    @Test
    void theSpecsEuroAndEmojiExampleDecodes() throws Exception {
      assertThat(read(required().put("ce-subject", "Euro%20%E2%82%AC%20%F0%9F%98%80")).getSubject()).isEqualTo("Euro € 😀");
      assertThat(binary(base().withSubject("Euro € 😀").build()).getHeaders().getFirst("ce-subject"))
          .isEqualTo("Euro%20%E2%82%AC%20%F0%9F%98%80");
    }

    @ParameterizedTest
    @ValueSource(strings = {"%C0%A0", "%ED%A0%80", "%FF", "%E2%82"})
    void bytesThatAreNotValidUtf8AreRefused(String header) {
      assertThatThrownBy(() -> read(required().put("ce-subject", header))).isInstanceOf(InvalidCloudEventException.class)
          .hasMessageContaining("ce-subject").hasMessageContaining("UTF-8");
    }

    @Test
    void anEmptyOptionalAttributeHeaderIsRefused() {
      assertThatThrownBy(() -> read(required().put("ce-subject", "")))
          .isInstanceOf(InvalidCloudEventException.class).hasMessageContaining("ce-subject").hasMessageContaining("empty");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2025-03-14T09:26Z", "2025-03-14T09:26:53+01:00:30"})
    void aTimeRfc3339ForbidsIsRefused(String time) {
      assertThatThrownBy(() -> read(required().put("ce-time", time))).isInstanceOf(InvalidCloudEventException.class)
          .hasMessageContaining("'time'").hasMessageContaining("RFC 3339");
    }
  }

  /** §3.1.3.2: "The value for each NATS header is constructed from the respective attribute type's canonical string representation." */
  @Nested
  class CanonicalValues {

    @Test
    void extensionsAreWrittenAsTheirTypesCanonicalStrings() {
      CloudEvent event = base()
          .withExtension("flag", true)
          .withExtension("count", 42)
          .withExtension("big", 4200L)
          .withExtension("bytes", new byte[] {(byte) 0xE0, (byte) 0xFF, 0, 0x44, (byte) 0xAA})
          .withExtension("link", URI.create("https://example.com/a b".replace(" ", "%20")))
          .withExtension("due", OffsetDateTime.of(2025, 3, 14, 9, 26, 0, 0, ZoneOffset.UTC))
          .build();

      Headers headers = binary(event).getHeaders();

      assertThat(headers.getFirst("ce-flag")).isEqualTo("true");
      assertThat(headers.getFirst("ce-count")).isEqualTo("42");
      assertThat(headers.getFirst("ce-big")).isEqualTo("4200");
      assertThat(headers.getFirst("ce-bytes")).as("base64, percent-encoded").isEqualTo("4P8ARKo=");
      assertThat(headers.getFirst("ce-link")).isEqualTo("https://example.com/a%2520b");
      assertThat(headers.getFirst("ce-due")).as("RFC 3339 keeps the seconds").isEqualTo("2025-03-14T09:26:00Z");
    }

    @Test
    void theTimeAttributeKeepsItsSecondsAndAnOffsetWithSecondsBecomesUtc() {
      CloudEvent event = base().withTime(OffsetDateTime.of(2025, 3, 14, 9, 26, 0, 0, ZoneOffset.ofTotalSeconds(3630))).build();

      assertThat(binary(event).getHeaders().getFirst("ce-time")).isEqualTo("2025-03-14T08:25:30Z");
    }

    @Test
    void aBinaryExtensionSurvivesAsItsBase64Text() throws Exception {
      CloudEvent back = codec.decode(binary(base().withExtension("bytes", new byte[] {1, 2, 3}).build()));

      assertThat(back.getExtension("bytes")).isEqualTo("AQID");
    }
  }

  /** Spec "id": source + id identify an event; the id may be any non-empty string. */
  @Nested
  class Identity {

    @ParameterizedTest
    @ContentModes
    void aNonAsciiIdIsPublishableAndItsMessageIdIsPrintableAscii(ContentMode mode) throws Exception {
      CloudEvent event = base().withId("Bestellung-Größe-😀 \"7\"").build();

      NatsMessage message = codec.encode(Conformance.NATS_SUBJECT, event, mode);

      assertThat(message.getHeaders().getFirst("Nats-Msg-Id")).matches("[\\x21-\\x7E]+");
      assertThat(codec.decode(message).getId()).isEqualTo("Bestellung-Größe-😀 \"7\"");
    }

    @Test
    void theMessageIdIsTheSameForTheSameEventInBothModesAndDiffersPerSource() {
      CloudEvent orders = base().withId("42").build();
      CloudEvent payments = base().withId("42").withSource(URI.create("/payments")).build();

      String first = codec.encode(Conformance.NATS_SUBJECT, orders, ContentMode.STRUCTURED).getHeaders().getFirst("Nats-Msg-Id");
      String again = codec.encode(Conformance.NATS_SUBJECT, base().withId("42").withTime(OffsetDateTime.now()).build(), ContentMode.BINARY)
          .getHeaders().getFirst("Nats-Msg-Id");
      String other = codec.encode(Conformance.NATS_SUBJECT, payments, ContentMode.STRUCTURED).getHeaders().getFirst("Nats-Msg-Id");

      assertThat(again).as("a re-publish of the same event").isEqualTo(first);
      assertThat(other).as("another source's event with the same id").isNotEqualTo(first);
    }

    @Test
    void sourceAndIdCannotBeShiftedIntoEachOther() {
      String a = codec.encode(Conformance.NATS_SUBJECT, base().withSource(URI.create("/a")).withId("b1").build(), ContentMode.STRUCTURED)
          .getHeaders().getFirst("Nats-Msg-Id");
      String b = codec.encode(Conformance.NATS_SUBJECT, base().withSource(URI.create("/ab")).withId("1").build(), ContentMode.STRUCTURED)
          .getHeaders().getFirst("Nats-Msg-Id");

      assertThat(a).isNotEqualTo(b);
    }
  }

  /** Both content modes. */
  @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
  @org.junit.jupiter.params.provider.EnumSource(ContentMode.class)
  @interface ContentModes {
  }
}
