package dev.natsaga.schema;

/**
 * What validation does with a type that has no schema (setting {@code SCHEMA_UNKNOWN_TYPES}, default {@code warn}).
 */
public enum UnknownTypes {
  /** Pass it without a word. */
  ALLOW,
  /** Pass it, logging one warning per type. */
  WARN,
  /** Refuse the publish; dead-letter the consumed event as {@code schema-violation}. */
  REFUSE
}
