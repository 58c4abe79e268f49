package dev.natsaga.saga.store;

import dev.natsaga.saga.StepOutcome;
import java.time.Instant;

/**
 * How an open ({@link StepOutcome#STARTED}) attempt ended.
 *
 * @param outcome    the final outcome
 * @param replyId    the deciding reply's id, or null
 * @param replyType  its type, or null
 * @param error      an error message, or null
 * @param finishedAt  when it ended
 * @param stateChange the state fields it changed as a JSON object, or null
 */
public record AttemptResult(StepOutcome outcome, String replyId, String replyType, String error, Instant finishedAt,
                            String stateChange) {

  public static AttemptResult of(StepOutcome outcome, Instant at) {
    return new AttemptResult(outcome, null, null, null, at, null);
  }

  public AttemptResult withReply(String id, String type) {
    return new AttemptResult(outcome, id, type, error, finishedAt, stateChange);
  }

  public AttemptResult withError(String message) {
    return new AttemptResult(outcome, replyId, replyType, message, finishedAt, stateChange);
  }

  public AttemptResult withStateChange(String change) {
    return new AttemptResult(outcome, replyId, replyType, error, finishedAt, change);
  }
}
