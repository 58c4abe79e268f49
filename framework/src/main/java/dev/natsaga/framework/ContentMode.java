package dev.natsaga.framework;

/**
 * How a CloudEvent is laid out on a NATS message (CloudEvents NATS protocol binding).
 *
 * <p>{@link #STRUCTURED}: the whole event as JSON in the payload, header
 * {@code Content-Type: application/cloudevents+json} (the default). {@link #BINARY}: attributes as
 * percent-encoded {@code ce-} headers, the data alone in the payload. Both are always accepted on read.
 */
public enum ContentMode {
  STRUCTURED,
  BINARY
}
