package dev.natsaga.eventstore.internal;

import dev.natsaga.eventstore.AggregateKey;
import dev.natsaga.framework.Environment;
import dev.natsaga.framework.EventType;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The subjects of event-sourced aggregates: an event of type {@code T} for aggregate id {@code I} goes to
 * {@code {env}.{T}.{token(I)}}, so the domain's stream captures it and ordinary handlers of {@code T} (which also
 * consume {@code {env}.{T}.>}) receive it. All events of one aggregate match {@code {env}.{domain}.{entity}.*.*.{token}},
 * the filter of the expected-sequence check and of reads.
 *
 * <p>An id made of letters, digits, '-' and '_' (at most 128) is its own token; any other id is {@code ~} followed by
 * its UTF-8 bytes in unpadded base64url, so two ids never share a token and no id breaks the subject syntax.
 */
final class AggregateSubjects {

  private static final int PLAIN_MAX = 128;
  private final Environment environment;

  AggregateSubjects(Environment environment) {
    this.environment = environment;
  }

  static String token(String id) {
    if (isPlain(id)) {
      return id;
    }
    return "~" + Base64.getUrlEncoder().withoutPadding().encodeToString(id.getBytes(StandardCharsets.UTF_8));
  }

  /** Letters, digits, '-' and '_', 1 to 128 of them (a loop: every append and read asks). */
  private static boolean isPlain(String id) {
    if (id.isEmpty() || id.length() > PLAIN_MAX) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
        return false;
      }
    }
    return true;
  }

  String subject(EventType type, String id) {
    return environment.subject(type) + "." + token(id);
  }

  /** Every event of the aggregate, whatever its action and type version. */
  String filter(AggregateKey key) {
    return environment.name() + "." + key.type() + ".*.*." + token(key.id());
  }

  String stream(AggregateKey key) {
    return environment.streamName(key.domain());
  }

  Environment environment() {
    return environment;
  }
}
