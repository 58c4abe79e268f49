package dev.natsaga.saga.store;

import dev.natsaga.saga.StepOutcome;
import dev.natsaga.saga.StepPhase;
import java.time.Instant;
import java.util.UUID;

/**
 * One row of {@code saga_step_log}: an execute or compensate attempt, or a reply that was ignored.
 *
 * @param id         database id (ascending in insertion order; 0 before insert)
 * @param sagaId     the saga
 * @param stepIndex  the step's position (-1 when a reply names an unknown step)
 * @param stepName   the step
 * @param phase      execute or compensate
 * @param attempt    1-based attempt number of that phase
 * @param outcome    what happened
 * @param commandId  the command id (stable across timeout retries of one phase), null for local steps
 * @param messageId  the outbox message id of this attempt (the event id and {@code Nats-Msg-Id}), null for local steps
 * @param replyId    the id of the reply that decided the attempt or was ignored
 * @param replyType  that reply's type
 * @param error      the error message, for failures and ignored replies
 * @param startedAt  when the attempt started (or the reply arrived)
 * @param finishedAt when it ended; null while {@link StepOutcome#STARTED}
 * @param stateChange the top-level state fields the attempt changed, as a JSON object ({@code {"refundId":"rf-1"}}),
 *                    or null when it left the state as it was
 */
public record StepLogEntry(long id, UUID sagaId, int stepIndex, String stepName, StepPhase phase,
             int attempt, StepOutcome outcome, UUID commandId, UUID messageId, String replyId,
             String replyType, String error, Instant startedAt, Instant finishedAt, String stateChange) {

  /** @return a new entry (id 0) for one attempt of a step phase */
  public static StepLogEntry of(UUID sagaId, int stepIndex, String stepName, StepPhase phase, int attempt,
                 StepOutcome outcome, Instant at) {
    return new StepLogEntry(0, sagaId, stepIndex, stepName, phase, attempt, outcome, null, null, null, null, null, at,
        outcome == StepOutcome.STARTED ? null : at, null);
  }

  public StepLogEntry withCommand(UUID newCommandId, UUID newMessageId) {
    return new StepLogEntry(id, sagaId, stepIndex, stepName, phase, attempt, outcome, newCommandId, newMessageId,
        replyId, replyType, error, startedAt, finishedAt, stateChange);
  }

  public StepLogEntry withReply(String newReplyId, String newReplyType) {
    return new StepLogEntry(id, sagaId, stepIndex, stepName, phase, attempt, outcome, commandId, messageId,
        newReplyId, newReplyType, error, startedAt, finishedAt, stateChange);
  }

  public StepLogEntry withError(String newError) {
    return new StepLogEntry(id, sagaId, stepIndex, stepName, phase, attempt, outcome, commandId, messageId,
        replyId, replyType, newError, startedAt, finishedAt, stateChange);
  }

  public StepLogEntry withStateChange(String change) {
    return new StepLogEntry(id, sagaId, stepIndex, stepName, phase, attempt, outcome, commandId, messageId,
        replyId, replyType, error, startedAt, finishedAt, change);
  }
}
