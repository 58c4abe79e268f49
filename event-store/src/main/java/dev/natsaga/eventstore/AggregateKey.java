package dev.natsaga.eventstore;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Names one aggregate: its type {@code {domain}.{entity}} (the first two parts of its event types) and its id.
 * The id is the CloudEvents {@code subject} of every event of the aggregate.
 *
 * <pre>{@code
 * AggregateKey account = AggregateKey.of("bank.account", "acc-42");   // events bank.account.*.v*
 * }</pre>
 *
 * @param type {@code {domain}.{entity}}, lower case
 * @param id the aggregate id: 1-256 characters, no control characters
 */
public record AggregateKey(String type, String id) {

  private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9-]*\\.[a-z][a-z0-9-]*");
  private static final int MAX_ID = 256;

  public AggregateKey {
    if (type == null || !TYPE.matcher(type).matches()) {
      throw new IllegalArgumentException("invalid aggregate type '" + type
          + "': use {domain}.{entity} in lower case, the first two parts of its event types, e.g. bank.account");
    }
    Objects.requireNonNull(id, "aggregate id");
    if (id.isEmpty() || id.length() > MAX_ID) {
      throw new IllegalArgumentException("invalid aggregate id '" + id + "' for " + type + ": use 1-" + MAX_ID + " characters");
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
        throw new IllegalArgumentException("invalid aggregate id for " + type + ": control character at index " + i);
      }
    }
  }

  /** Shorthand for the constructor. */
  public static AggregateKey of(String type, String id) {
    return new AggregateKey(type, id);
  }

  /** The domain: the stream {@code {ENV}_{DOMAIN}} holds the aggregate's events. */
  public String domain() {
    return type.substring(0, type.indexOf('.'));
  }

  @Override
  public String toString() {
    return type + "/" + id;
  }
}
