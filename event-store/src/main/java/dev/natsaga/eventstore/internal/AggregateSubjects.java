package dev.natsaga.eventstore.internal;

import dev.natsaga.eventstore.AggregateKey;
import dev.natsaga.framework.Environment;
import dev.natsaga.framework.EventType;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

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

  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_-]{1,128}");
  private final Environment environment;

  AggregateSubjects(Environment environment) {
    this.environment = environment;
  }

  static String token(String id) {
    if (PLAIN.matcher(id).matches()) {
      return id;
    }
    return "~" + Base64.getUrlEncoder().withoutPadding().encodeToString(id.getBytes(StandardCharsets.UTF_8));
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
