package dev.natsaga.security;

/**
 * The CloudEvents extension attributes of payload security; this class is their one owner (lower-case alphanumeric,
 * at most 20 characters, as CloudEvents requires).
 */
public final class SecurityExtensions {

  /** The keyring key id that encrypted the event's data or fields. */
  public static final String ENC_KEY_ID = "enckeyid";
  /** The encrypted fields as comma-separated JSON pointers; absent when the whole data is encrypted. */
  public static final String ENC_PATHS = "encpaths";
  /** The reference (SHA-256, hex) of the data subject whose own key encrypted the fields (crypto-shredding). */
  public static final String ENC_SUBJECT = "encsubject";
  /** Set on a delivered event whose subject key was destroyed: the comma-separated fields read as redacted. */
  public static final String REDACTED = "redacted";
  /** The highest {@code Sensitivity} of the event's fields, e.g. {@code restricted}. */
  public static final String SENSITIVITY = "sensitivity";

  private SecurityExtensions() {
  }
}
