package dev.natsaga.framework.observe.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Span names of the form {@code "{operation} {subject}"}, built once per subject instead of once per message. A
 * service sees a bounded set of subjects (its types' subjects); past {@value #LIMIT} of them names are built per call.
 */
final class SpanNames {

  private static final int LIMIT = 10_000;
  private final String prefix;
  private final Map<String, String> names = new ConcurrentHashMap<>();

  /** Names {@code "{operation} {subject}"}. */
  SpanNames(String operation) {
    this.prefix = operation + " ";
  }

  String of(String subject) {
    String name = names.get(subject);
    if (name != null) {
      return name;
    }
    name = prefix + subject;
    if (names.size() < LIMIT) {
      names.putIfAbsent(subject, name);
    }
    return name;
  }
}
