package dev.natsaga.console.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.natsaga.framework.dlq.DeadLetter;
import dev.natsaga.framework.dlq.DeadLetterReason;
import io.nats.client.impl.Headers;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The type a dead letter is listed and filtered by. Found by the reliability fuzz run: a dead letter with an empty
 * payload (jnats gives {@code null} data) made {@code GET /dead-letters} answer 500 and {@code natsaga dlq list} fail.
 */
class DeadLetterFilterTest {

  private static DeadLetter letter(Headers headers, byte[] payload) {
    return new DeadLetter(7, DeadLetterReason.INVALID_CLOUDEVENT, "empty", "c", 1, "dev.shop.order.placed.v1", "DEV_SHOP", 3,
        Instant.parse("2026-12-07T04:00:00Z"), headers, payload);
  }

  @Test
  void aDeadLetterWithoutPayloadOrHeadersHasNoTypeAndStillMatchesItsFilter() {
    for (byte[] empty : new byte[][] {null, new byte[0]}) {
      DeadLetter d = letter(new Headers(), empty);
      assertThat(DeadLetterFilter.typeOf(d)).isEmpty();
      assertThat(new DeadLetterFilter("invalid-cloudevent", null, null, null, null).matches(d)).isTrue();
      assertThat(new DeadLetterFilter(null, null, "shop.order.placed.v1", null, null).matches(d)).isFalse();
      assertThat(DeadLetterFilter.typeOf(letter(null, empty))).isEmpty();
    }
  }

  @Test
  void theTypeComesFromTheHeaderOrTheStructuredEvent() {
    Headers binary = new Headers().put("ce-type", "shop.order.placed.v1");
    assertThat(DeadLetterFilter.typeOf(letter(binary, null))).isEqualTo("shop.order.placed.v1");
    byte[] structured = "{\"type\":\"shop.order.paid.v1\"}".getBytes(StandardCharsets.UTF_8);
    assertThat(DeadLetterFilter.typeOf(letter(new Headers(), structured))).isEqualTo("shop.order.paid.v1");
    assertThat(DeadLetterFilter.typeOf(letter(new Headers(), "garbage".getBytes(StandardCharsets.UTF_8)))).isEmpty();
  }
}
