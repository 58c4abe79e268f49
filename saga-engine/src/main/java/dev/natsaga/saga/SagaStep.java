package dev.natsaga.saga;

import dev.natsaga.saga.store.StepLogEntry;
import java.time.Instant;
import java.util.UUID;

/**
 * One entry of a saga's step log in the read model ({@link SagaView#steps()}): an execute or compensate attempt, or a
 * reply that was recorded and ignored.
 *
 * @param stepName   the step
 * @param phase      execute or compensate
 * @param attempt    1-based attempt of that phase
 * @param outcome    what happened
 * @param commandId  the command id (the same across timeout retries of one phase), null for local steps
 * @param messageId  the command's event id and {@code Nats-Msg-Id} for this attempt, null for local steps
 * @param replyId    the id of the reply that decided the attempt or was ignored
 * @param replyType  that reply's type
 * @param error      the error, for failures and ignored replies
 * @param startedAt  when the attempt started (or the reply arrived)
 * @param finishedAt when it ended; null while it runs
 * @param stateChange the top-level state fields this attempt changed as a JSON object (e.g. a compensation keeping a
 *                    refund id: {@code {"refundId":"rf-1"}}), null when it left the state as it was
 */
public record SagaStep(String stepName, StepPhase phase, int attempt, StepOutcome outcome, UUID commandId,
                       UUID messageId, String replyId, String replyType, String error, Instant startedAt,
                       Instant finishedAt, String stateChange) {

  static SagaStep of(StepLogEntry e) {
    return new SagaStep(e.stepName(), e.phase(), e.attempt(), e.outcome(), e.commandId(), e.messageId(), e.replyId(),
        e.replyType(), e.error(), e.startedAt(), e.finishedAt(), e.stateChange());
  }
}
