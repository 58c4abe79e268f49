package dev.natsaga.security.policy;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.regex.Pattern;

/**
 * An event-type pattern of the policy, with NATS wildcards on the type's tokens: {@code *} matches one token,
 * {@code >} (last only) one or more, e.g. {@code booking.>} or {@code payment.transaction.*.v1}.
 *
 * @param pattern the pattern as written
 */
public record TypePattern(String pattern) {

  private static final Pattern TOKEN = Pattern.compile("[a-z0-9][a-z0-9-]*|\\*");

  /** Parses and checks a pattern. */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public TypePattern {
    String[] tokens = pattern == null ? new String[0] : pattern.split("\\.", -1);
    for (int i = 0; i < tokens.length; i++) {
      boolean lastWildcard = tokens[i].equals(">") && i == tokens.length - 1;
      if (!lastWildcard && !TOKEN.matcher(tokens[i]).matches()) {
        throw new IllegalArgumentException("'" + pattern + "' is not an event-type pattern: use lower-case tokens separated"
            + " by '.', '*' for one token and a final '>' for the rest, e.g. booking.> or payment.transaction.authorize.v1");
      }
    }
    if (tokens.length == 0) {
      throw new IllegalArgumentException("an event-type pattern must not be empty");
    }
  }

  /** Whether {@code type} matches. */
  public boolean matches(String type) {
    String[] p = pattern.split("\\.");
    String[] t = type.split("\\.");
    for (int i = 0; i < p.length; i++) {
      if (p[i].equals(">")) {
        return t.length > i;
      }
      if (i >= t.length || !(p[i].equals("*") || p[i].equals(t[i]))) {
        return false;
      }
    }
    return p.length == t.length;
  }

  /** The first token: the domain, e.g. {@code booking}. */
  public String domain() {
    return pattern.substring(0, pattern.indexOf('.') < 0 ? pattern.length() : pattern.indexOf('.'));
  }

  @Override
  public String toString() {
    return pattern;
  }
}
