package dev.natsaga.security;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudevents.CloudEvent;

/**
 * Where an outgoing event names its data subject (the person whose key encrypts it, for crypto-shredding).
 *
 * <pre>{@code
 * SubjectId.cloudEventsSubject();   // the CloudEvents subject attribute
 * SubjectId.field("/customerId");   // a field of the data, which must not itself be encrypted
 * }</pre>
 */
@FunctionalInterface
public interface SubjectId {

  /** The subject id of {@code event} (with {@code data}, its parsed data), or null when it has none. */
  String of(CloudEvent event, JsonNode data);

  /** The CloudEvents {@code subject} attribute. */
  static SubjectId cloudEventsSubject() {
    return (event, data) -> event.getSubject();
  }

  /** A text or number field of the data at a JSON pointer, e.g. {@code /customerId}. */
  static SubjectId field(String pointer) {
    return (event, data) -> {
      JsonNode node = data.at(pointer);
      return node.isValueNode() && !node.isNull() ? node.asText() : null;
    };
  }
}
