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
 * @param finishedAt when it ended
 */
public record AttemptResult(StepOutcome outcome, String replyId, String replyType, String error, Instant finishedAt) {

  public static AttemptResult of(StepOutcome outcome, Instant at) {
    return new AttemptResult(outcome, null, null, null, at);
  }

  public AttemptResult withReply(String id, String type) {
    return new AttemptResult(outcome, id, type, error, finishedAt);
  }

  public AttemptResult withError(String message) {
    return new AttemptResult(outcome, replyId, replyType, message, finishedAt);
  }
}
