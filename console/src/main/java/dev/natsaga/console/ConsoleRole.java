package dev.natsaga.console;

import java.util.Locale;

/** What a signed-in user may do: look, or also act (resume, abort, replay, delete). */
public enum ConsoleRole {
  /** Sees every page; every action is refused (403). */
  READ_ONLY,
  /** Sees every page and may act. */
  OPERATOR;

  /** @return the role as settings spell it: {@code read-only} or {@code operator} */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** @throws IllegalArgumentException naming the accepted spellings */
  public static ConsoleRole parse(String text) {
    for (ConsoleRole r : values()) {
      if (r.label().equalsIgnoreCase(text.strip())) {
        return r;
      }
    }
    throw new IllegalArgumentException("role '" + text + "' is not read-only or operator");
  }
}
