package dev.natsaga.saga.participant;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.natsaga.framework.Event;
import dev.natsaga.framework.EventHandler;
import dev.natsaga.framework.Json;
import dev.natsaga.framework.NonRetryableException;
import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.framework.idempotency.RetryLaterException;
import dev.natsaga.framework.Extensions;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles one delivery of a saga command: in one transaction of the participant's database, claim the command id,
 * run the business logic and record its reply; after commit, publish the reply. A command whose id is already
 * recorded gets the stored reply again without running the logic.
 */
final class ParticipantHandler<T> implements EventHandler<T> {

  private static final Logger LOG = LoggerFactory.getLogger(ParticipantHandler.class);

  private final SagaParticipant participant;
  private final String commandType;
  private final CommandHandler<T> handler;

  ParticipantHandler(SagaParticipant participant, String commandType, CommandHandler<T> handler) {
    this.participant = participant;
    this.commandType = commandType;
    this.handler = handler;
  }

  @Override
  public void handle(Event<T> event) throws Exception {
    CommandIds ids = CommandIds.of(event);
    StoredReply reply = process(event, ids);
    participant.publisher().publish(replyEvent(event, ids, reply));
  }

  private StoredReply process(Event<T> event, CommandIds ids) throws Exception {
    try (Connection c = participant.dataSource().getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        StoredReply reply = inTransaction(c, event, ids);
        c.commit();
        return reply;
      } catch (Exception | Error e) {
        rollback(c, e);
        throw e;
      } finally {
        c.setAutoCommit(autoCommit);
      }
    }
  }

  private StoredReply inTransaction(Connection c, Event<T> event, CommandIds ids) throws Exception {
    Optional<StoredReply> stored = ProcessedCommands.find(c, participant.name(), ids.commandId());
    if (stored.isPresent()) {
      LOG.info("command {} (command id {}) was already handled by {}: sending its reply {} again", event, ids.commandId(),
          participant.name(), stored.get().type());
      return stored.get();
    }
    if (!ProcessedCommands.claim(c, participant.name(), commandType, ids, participant.clock().instant())) {
      return afterConcurrentClaim(c, event, ids);
    }
    CommandReply reply = handler.handle(new SagaCommand<>(event, c, ids));
    if (reply == null) {
      throw new NonRetryableException("the handler of " + commandType + " in participant " + participant.name()
          + " returned null: return command.succeed(...) or command.fail(...)");
    }
    StoredReply record = new StoredReply(reply.type(), json(reply), reply.outcome());
    ProcessedCommands.complete(c, participant.name(), ids.commandId(), record);
    LOG.debug("command {} (command id {}) handled by {}: {}", event, ids.commandId(), participant.name(), reply);
    return record;
  }

  /** Another delivery of the same command committed first while this one claimed: answer with its reply. */
  private StoredReply afterConcurrentClaim(Connection c, Event<T> event, CommandIds ids) throws Exception {
    c.rollback();
    Optional<StoredReply> stored = ProcessedCommands.find(c, participant.name(), ids.commandId());
    if (stored.isEmpty()) {
      throw new RetryLaterException("command " + event + " (command id " + ids.commandId() + ") is being handled concurrently; retrying");
    }
    return stored.get();
  }

  private static String json(CommandReply reply) {
    try {
      return Json.mapper().writeValueAsString(reply.payload());
    } catch (JsonProcessingException e) {
      throw new NonRetryableException("payload of reply " + reply.type() + " cannot be serialized to JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static OutgoingEvent<byte[]> replyEvent(Event<?> command, CommandIds ids, StoredReply reply) {
    return OutgoingEvent.event(reply.type(), reply.json().getBytes(StandardCharsets.UTF_8))
        .subject(command.subject())
        .causedBy(command)
        .extension(Extensions.SAGA_ID, ids.sagaId())
        .extension(Extensions.SAGA_STEP, ids.step())
        .extension(Extensions.COMMAND_ID, ids.commandId())
        .build();
  }

  private static void rollback(Connection c, Throwable cause) {
    try {
      c.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }
}
