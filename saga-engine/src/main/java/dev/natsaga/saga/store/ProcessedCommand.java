package dev.natsaga.saga.store;

import java.time.Instant;

/**
 * A command a participant has handled, with the reply it sent, so a repeated command (same command id)
 * gets the same reply and no second side effect.
 *
 * @param consumer    the participant (service or handler name)
 * @param commandId   the command id (the {@code commandid} header of saga commands)
 * @param replyType   the reply's type
 * @param replyJson   the reply's payload as JSON
 * @param processedAt when it was handled
 */
public record ProcessedCommand(String consumer, String commandId, String replyType, String replyJson, Instant processedAt) {
}
