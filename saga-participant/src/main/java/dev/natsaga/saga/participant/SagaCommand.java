package dev.natsaga.saga.participant;

import dev.natsaga.framework.Event;
import java.sql.Connection;

/**
 * A saga command as a participant's {@link CommandHandler} sees it: the typed payload, the saga attributes, and
 * the participant's own database transaction. Whatever the handler writes through {@link #connection()} commits
 * together with the recorded reply, or not at all; do not commit, roll back or close it.
 *
 * @param <T> the command payload type
 */
public final class SagaCommand<T> {

  private final Event<T> event;
  private final Connection connection;
  private final CommandIds ids;

  SagaCommand(Event<T> event, Connection connection, CommandIds ids) {
    this.event = event;
    this.connection = connection;
    this.ids = ids;
  }

  /** The payload bound to the handler's class. */
  public T data() { return event.data(); }

  /** The received event (envelope, id, subject, delivery). */
  public Event<T> event() { return event; }

  /** The participant's database connection, inside the transaction that also records the reply. */
  public Connection connection() { return connection; }

  /** The saga that sent the command ({@code sagaid}). */
  public String sagaId() { return ids.sagaId(); }

  /** The saga step that sent it ({@code sagastep}). */
  public String step() { return ids.step(); }

  /** The command id ({@code commandid}): the same for every retry of one step phase; the de-duplication key. */
  public String commandId() { return ids.commandId(); }

  /** The CloudEvents subject of the command (the resource id), or null; the reply carries it too. */
  public String subject() { return event.subject(); }

  /** @return a success reply of {@code replyType} (an event type, past tense) with {@code payload} as JSON */
  public CommandReply succeed(String replyType, Object payload) {
    return new CommandReply(replyType, payload, CommandReply.Outcome.SUCCESS);
  }

  /** @return a failure reply (the saga's {@code failOn} type, e.g. {@code payment.transaction.declined.v1}) */
  public CommandReply fail(String replyType, Object payload) {
    return new CommandReply(replyType, payload, CommandReply.Outcome.FAILURE);
  }

  @Override
  public String toString() {
    return "SagaCommand[" + event.type() + ", saga " + ids.sagaId() + ", step " + ids.step() + ", command " + ids.commandId() + "]";
  }
}
