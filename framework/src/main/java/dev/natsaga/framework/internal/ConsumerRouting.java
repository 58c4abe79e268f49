package dev.natsaga.framework.internal;

import java.util.List;

/**
 * What a durable consumer reads and how it hands messages to its workers.
 *
 * @param filterSubjects the consumer's filter subjects (the type's subject, and {@code {subject}.>} for event-store events)
 * @param orderedByKey same-key messages one at a time in stream order, the consumer pinned to one instance
 */
public record ConsumerRouting(List<String> filterSubjects, boolean orderedByKey) {

  /** The JetStream priority group of ordered consumers. */
  public static final String PINNED_GROUP = "natsaga";

  public ConsumerRouting {
    filterSubjects = List.copyOf(filterSubjects);
  }

  /** One filter subject, no ordering: the plain consumer. */
  public static ConsumerRouting plain(String filterSubject) {
    return new ConsumerRouting(List.of(filterSubject), false);
  }
}
