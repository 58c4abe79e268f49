package dev.natsaga.framework.consume;

import dev.natsaga.framework.EventType;

/**
 * What a middleware knows about the handler it wraps.
 *
 * @param type the handled type
 * @param durableName the durable consumer shared by all instances
 * @param stream the stream the consumer reads
 * @param idempotent whether the handler is idempotent
 */
public record HandlerInfo(EventType type, String durableName, String stream, boolean idempotent) {
}
