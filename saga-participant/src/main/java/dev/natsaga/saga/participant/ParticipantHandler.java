package dev.natsaga.saga.participant;

import dev.natsaga.framework.Event;
import dev.natsaga.framework.EventHandler;
import dev.natsaga.framework.idempotency.RetryLaterException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Handles one delivery of a saga command: in one transaction of the participant's database, claim the command id,
 * run the business logic and record its reply; after commit, publish the reply. A command whose id is already
 * recorded gets the stored reply again without running the logic.
 */
final class ParticipantHandler<T> implements EventHandler<T> {

  private final CommandExecution<T> execution;

  ParticipantHandler(CommandExecution<T> execution) {
    this.execution = execution;
  }

  @Override
  public void handle(Event<T> event) throws Exception {
    CommandIds ids = CommandIds.of(event);
    StoredReply reply = process(event, ids);
    execution.participant().awaitDurable();
    execution.participant().publisher().publish(CommandExecution.replyEvent(event, ids, reply));
  }

  private StoredReply process(Event<T> event, CommandIds ids) throws Exception {
    try (Connection c = execution.participant().dataSource().getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        Optional<StoredReply> reply = execution.run(c, event, ids);
        if (reply.isEmpty()) {
          return afterConcurrentClaim(c, event, ids);
        }
        c.commit();
        return reply.get();
      } catch (Exception | Error e) {
        rollback(c, e);
        throw e;
      } finally {
        c.setAutoCommit(autoCommit);
      }
    }
  }

  /** Another delivery of the same command committed first while this one claimed: answer with its reply. */
  private StoredReply afterConcurrentClaim(Connection c, Event<T> event, CommandIds ids) throws Exception {
    c.rollback();
    Optional<StoredReply> stored = ProcessedCommands.find(c, execution.participant().name(), ids.commandId());
    if (stored.isEmpty()) {
      throw new RetryLaterException("command " + event + " (command id " + ids.commandId() + ") is being handled concurrently; retrying");
    }
    return stored.get();
  }

  static void rollback(Connection c, Throwable cause) {
    try {
      c.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }
}
