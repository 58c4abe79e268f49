package dev.natsaga.saga.participant;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.natsaga.framework.Event;
import dev.natsaga.framework.Extensions;
import dev.natsaga.framework.Json;
import dev.natsaga.framework.NonRetryableException;
import dev.natsaga.framework.OutgoingEvent;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One command's work inside the caller's transaction: the stored reply of a command already handled, or claim the
 * command id, run the business logic and record its reply. Shared by the single and the batch handler.
 */
final class CommandExecution<T> {

  private static final Logger LOG = LoggerFactory.getLogger(CommandExecution.class);

  private final SagaParticipant participant;
  private final String commandType;
  private final CommandHandler<T> handler;

  CommandExecution(SagaParticipant participant, String commandType, CommandHandler<T> handler) {
    this.participant = participant;
    this.commandType = commandType;
    this.handler = handler;
  }

  SagaParticipant participant() {
    return participant;
  }

  /**
   * @return the reply to send, or empty when another transaction recorded the command first (the caller must roll
   *     back to before the claim, which failed with a unique violation)
   */
  Optional<StoredReply> run(Connection c, Event<T> event, CommandIds ids) throws Exception {
    Optional<StoredReply> stored = ProcessedCommands.find(c, participant.name(), ids.commandId());
    if (stored.isPresent()) {
      LOG.info("command {} (command id {}) was already handled by {}: sending its reply {} again", event, ids.commandId(),
          participant.name(), stored.get().type());
      return stored;
    }
    if (!ProcessedCommands.claim(c, participant.name(), commandType, ids, participant.clock().instant())) {
      return Optional.empty();
    }
    CommandReply reply = handler.handle(new SagaCommand<>(event, c, ids));
    if (reply == null) {
      throw new NonRetryableException("the handler of " + commandType + " in participant " + participant.name()
          + " returned null: return command.succeed(...) or command.fail(...)");
    }
    StoredReply record = new StoredReply(reply.type(), json(reply), reply.outcome());
    ProcessedCommands.complete(c, participant.name(), ids.commandId(), record);
    LOG.debug("command {} (command id {}) handled by {}: {}", event, ids.commandId(), participant.name(), reply);
    return Optional.of(record);
  }

  private static String json(CommandReply reply) {
    try {
      return Json.mapper().writeValueAsString(reply.payload());
    } catch (JsonProcessingException e) {
      throw new NonRetryableException("payload of reply " + reply.type() + " cannot be serialized to JSON: " + e.getOriginalMessage(), e);
    }
  }

  static OutgoingEvent<byte[]> replyEvent(Event<?> command, CommandIds ids, StoredReply reply) {
    return OutgoingEvent.event(reply.type(), reply.json().getBytes(StandardCharsets.UTF_8))
        .subject(command.subject())
        .causedBy(command)
        .extension(Extensions.SAGA_ID, ids.sagaId())
        .extension(Extensions.SAGA_STEP, ids.step())
        .extension(Extensions.COMMAND_ID, ids.commandId())
        .build();
  }
}
