package dev.natsaga.framework.dlq;

/** Why a message was dead-lettered; written as the {@code Natsaga-Dlq-Reason} header in kebab case. */
public enum DeadLetterReason {
  /** Not a CloudEvent in either content mode, or an invalid one. */
  INVALID_CLOUDEVENT,
  /** A CloudEvent whose {@code type} breaks the naming rules. */
  INVALID_TYPE,
  /** A valid type that this consumer does not handle. */
  UNKNOWN_TYPE,
  /** Data that does not bind to the handler's payload class. */
  PAYLOAD_BINDING,
  /** Data that breaks its type's JSON Schema (the error names the JSON path and the rule). */
  SCHEMA_VIOLATION,
  /** The event's data was stored aside (claim-check) and is no longer there, e.g. expired. */
  CLAIM_CHECK_MISSING,
  /** Encrypted data that does not decrypt: tampered, moved from another event, or a different key under its key id. */
  DECRYPTION_FAILED,
  /** Encrypted data under a key id the consumer's keyring does not hold. */
  UNKNOWN_KEY,
  /** An event whose {@code source} the authorization policy does not allow to produce its type. */
  UNAUTHORIZED_SOURCE,
  /** The handler threw {@link dev.natsaga.framework.NonRetryableException}. */
  NON_RETRYABLE,
  /** The handler kept failing until the consumer's max deliveries. */
  MAX_DELIVERIES;

  /** The header value, e.g. {@code max-deliveries}. */
  public String header() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  /** Parses a header value written by {@link #header()}. */
  public static DeadLetterReason fromHeader(String value) {
    return valueOf(value.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
  }
}
