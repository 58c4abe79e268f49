package dev.natsaga.security.classification;

import java.util.Locale;

/** How sensitive a field is, lowest first; written in lower case as the {@code sensitivity} attribute. */
public enum Sensitivity {
  /** May be shown to anyone. */
  PUBLIC,
  /** Inside the organisation only. */
  INTERNAL,
  /** A need-to-know few (e.g. amounts, addresses). */
  CONFIDENTIAL,
  /** Harm if disclosed (card numbers, account details, health data): encrypt it. */
  RESTRICTED;

  /** The attribute value, e.g. {@code restricted}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
