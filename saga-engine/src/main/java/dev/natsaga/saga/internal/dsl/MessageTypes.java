package dev.natsaga.saga.internal.dsl;

import java.util.Optional;
import java.util.regex.Pattern;

/** Checks the shape of event and command types: {@code {domain}.{entity}.{action}.v{N}}, lower case. */
public final class MessageTypes {

  private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9-]*\\.[a-z][a-z0-9-]*\\.[a-z][a-z0-9-]*\\.v[1-9][0-9]*");

  private MessageTypes() {
  }

  /** @return the rule a type breaks, or empty when it is well formed */
  public static Optional<String> problem(String type, String what) {
    if (type == null || type.isBlank()) {
      return Optional.of(what + " must not be blank");
    }
    if (!TYPE.matcher(type).matches()) {
      return Optional.of(what + " '" + type + "' must match {domain}.{entity}.{action}.v{N} in lower case"
          + " (letters, digits, hyphens), e.g. payment.transaction.authorize.v1");
    }
    return Optional.empty();
  }

  /** @throws IllegalArgumentException naming the rule */
  public static String requireValid(String type, String what) {
    problem(type, what).ifPresent(p -> {
      throw new IllegalArgumentException(p);
    });
    return type;
  }
}
