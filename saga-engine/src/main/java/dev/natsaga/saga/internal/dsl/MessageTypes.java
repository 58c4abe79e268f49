package dev.natsaga.saga.internal.dsl;

import dev.natsaga.framework.EventType;
import dev.natsaga.framework.InvalidTypeException;
import dev.natsaga.framework.MessageKind;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks event and command types: the shape {@code {domain}.{entity}.{action}.v{N}}, lower case, and where the kind is
 * known, that a command's action is imperative and a reply's (an event's) past tense.
 */
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

  /** @return the rule a type breaks, its kind included (an event's action is past tense, a command's imperative), or empty */
  public static Optional<String> problem(String type, String what, MessageKind kind) {
    Optional<String> shape = problem(type, what);
    if (shape.isPresent()) {
      return shape;
    }
    try {
      if (kind == MessageKind.EVENT) {
        EventType.event(type);
      } else {
        EventType.command(type);
      }
      return Optional.empty();
    } catch (InvalidTypeException e) {
      return Optional.of(what + ": " + e.getMessage());
    }
  }

  /** @throws IllegalArgumentException naming the rule, the kind's included */
  public static String requireValid(String type, String what, MessageKind kind) {
    problem(type, what, kind).ifPresent(p -> {
      throw new IllegalArgumentException(p);
    });
    return type;
  }

  /** @throws IllegalArgumentException naming the rule */
  public static String requireValid(String type, String what) {
    problem(type, what).ifPresent(p -> {
      throw new IllegalArgumentException(p);
    });
    return type;
  }
}
