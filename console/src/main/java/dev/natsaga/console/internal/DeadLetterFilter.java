package dev.natsaga.console.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.natsaga.framework.dlq.DeadLetter;
import dev.natsaga.framework.dlq.DeadLetterReason;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Which dead letters to show or replay; every field optional.
 *
 * @param reason   the reason header value, e.g. {@code max-deliveries}
 * @param consumer the consumer that gave up (substring)
 * @param type     the event type (exact)
 * @param from     dead-lettered at or after
 * @param to       dead-lettered before
 */
public record DeadLetterFilter(String reason, String consumer, String type, Instant from, Instant to) {

  static DeadLetterFilter from(Exchange x) {
    String reason = x.param("reason").orElse(null);
    if (reason != null) {
      try {
        DeadLetterReason.fromHeader(reason);
      } catch (IllegalArgumentException e) {
        throw HttpFailure.badRequest("parameter 'reason' is '" + reason + "'; use one of invalid-cloudevent, invalid-type,"
            + " unknown-type, payload-binding, non-retryable, max-deliveries");
      }
    }
    return new DeadLetterFilter(reason, x.param("consumer").orElse(null), x.param("type").orElse(null),
        SagaFilters.time(x, "from"), SagaFilters.time(x, "to"));
  }

  boolean any() {
    return reason == null && consumer == null && type == null && from == null && to == null;
  }

  public boolean matches(DeadLetter d) {
    return (reason == null || d.reason().header().equals(reason))
        && (consumer == null || d.consumer().contains(consumer))
        && (type == null || type.equals(typeOf(d)))
        && (from == null || !d.time().isBefore(from))
        && (to == null || d.time().isBefore(to));
  }

  /**
   * The CloudEvents type: the {@code ce-type} header (binary mode) or the {@code type} attribute (structured mode);
   * empty when there is neither (a dead letter without headers or payload is listed too: an empty payload made the
   * dead-letter page and {@code natsaga dlq list} fail with a NullPointerException, found by the reliability fuzz run).
   */
  public static String typeOf(DeadLetter d) {
    String header = d.headers() == null ? null : d.headers().getFirst("ce-type");
    if (header != null) {
      return header;
    }
    if (d.payload() == null || d.payload().length == 0) {
      return "";
    }
    try {
      JsonNode node = JsonText.read(new String(d.payload(), StandardCharsets.UTF_8));
      return node.path("type").isTextual() ? node.path("type").asText() : "";
    } catch (HttpFailure notJson) {
      return "";
    }
  }

  String query() {
    return "reason=" + Html.url(reason) + "&consumer=" + Html.url(consumer) + "&type=" + Html.url(type);
  }
}
