package dev.natsaga.framework;

/** A type name that breaks the {@code {domain}.{entity}.{action}.v{N}} rules; the message names the rule. */
public final class InvalidTypeException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  InvalidTypeException(String type, String rule) {
    super("invalid type '" + type + "': " + rule);
  }
}
