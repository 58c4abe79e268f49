package dev.natsaga.framework.codec;

import static dev.natsaga.framework.codec.Conformance.assertSameEvent;
import static dev.natsaga.framework.codec.Conformance.assertSameEventAsText;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.natsaga.framework.ContentMode;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.jackson.JsonFormat;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Generated events over the space where the SDK's {@code JsonFormat} follows the spec (content types its pattern knows,
 * String/Boolean/Integer extensions, times with whole-minute offsets): natsaga writes the SDK's bytes, reads the SDK's
 * output as the SDK does, and carries every one of them through binary mode.
 */
class SdkAgreementTest {

  private static final String[] SOURCES = {"booking-service", "/sensors/tn-1234567/alerts", "urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66",
      "https://github.com/cloudevents/spec/pull", "1-555-123-4567"};
  private static final String[] TEXT = {"plain", "with space", "Zürich €", "quote \" and 100%", "emoji 😀 ✓", "tab\u00A0nbsp", "日本語"};

  private final CloudEventCodec codec = new CloudEventCodec();
  private final JsonFormat sdk = new JsonFormat();

  @Test
  void twoThousandGeneratedEventsAgreeWithTheSdk() throws Exception {
    Random random = new Random(16);
    for (int i = 0; i < 2000; i++) {
      CloudEvent event = generate(random, i);
      byte[] sdkJson = sdk.serialize(event);

      assertThat(new String(codec.encode(Conformance.NATS_SUBJECT, event, ContentMode.STRUCTURED).getData(), UTF_8))
          .as("event %d", i).isEqualTo(new String(sdkJson, UTF_8));
      assertSameEvent(codec.decode(Conformance.structured(sdkJson)), sdk.deserialize(sdkJson));
      assertSameEventAsText(codec.decode(codec.encode(Conformance.NATS_SUBJECT, event, ContentMode.BINARY)), event);
    }
  }

  private static CloudEvent generate(Random random, int i) {
    CloudEventBuilder b = CloudEventBuilder.v1().withId(random.nextBoolean() ? "id-" + i : pick(random, TEXT) + i)
        .withSource(URI.create(pick(random, SOURCES))).withType("com.example.t" + random.nextInt(5));
    if (random.nextBoolean()) {
      b.withSubject(pick(random, TEXT));
    }
    if (random.nextBoolean()) {
      b.withTime(OffsetDateTime.of(1 + random.nextInt(9999), 1 + random.nextInt(12), 1 + random.nextInt(28), random.nextInt(24),
          random.nextInt(60), random.nextInt(60), random.nextBoolean() ? 0 : random.nextInt(1_000_000_000),
          ZoneOffset.ofTotalSeconds((random.nextInt(57) - 28) * 30 * 60)));
    }
    if (random.nextInt(4) == 0) {
      b.withDataSchema(URI.create("https://schemas.example.com/s" + random.nextInt(9) + ".json"));
    }
    for (int e = random.nextInt(4); e > 0; e--) {
      String name = "ext" + random.nextInt(50);
      switch (random.nextInt(3)) {
        case 0 -> b.withExtension(name, pick(random, TEXT));
        case 1 -> b.withExtension(name, random.nextBoolean());
        default -> b.withExtension(name, random.nextInt());
      }
    }
    switch (random.nextInt(5)) {
      case 0 -> b.withData("application/json", ("{\"n\":" + random.nextInt() + ",\"s\":\"" + pick(random, TEXT).replace("\"", "\\\"") + "\"}").getBytes(UTF_8));
      case 1 -> b.withData("text/plain", pick(random, TEXT).getBytes(UTF_8));
      case 2 -> b.withData("application/octet-stream", randomBytes(random));
      case 3 -> b.withDataContentType("application/json");
      default -> { }
    }
    return b.build();
  }

  /** One byte at least: in binary mode an empty payload is no data, so empty data does not survive it. */
  private static byte[] randomBytes(Random random) {
    byte[] bytes = new byte[1 + random.nextInt(64)];
    random.nextBytes(bytes);
    return bytes;
  }

  private static String pick(Random random, String[] values) {
    return values[random.nextInt(values.length)];
  }
}
