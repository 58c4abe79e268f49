package dev.natsaga.saga;

/**
 * What {@link SagaEngine#handleReply(SagaReply)} did with a reply. Every disposition means the reply
 * was durably recorded, so the transport can acknowledge it; failures to record are thrown instead.
 */
public enum ReplyDisposition {
  /** The reply moved the saga (step succeeded, step failed into compensation, compensation done). */
  APPLIED,
  /** Already handled; recorded as {@link StepOutcome#DUPLICATE_REPLY} and ignored. */
  DUPLICATE,
  /** The saga no longer waits for it; recorded as {@link StepOutcome#LATE_REPLY} and ignored. */
  LATE,
  /** Undeclared reply type or a payload that does not bind; recorded as {@link StepOutcome#UNEXPECTED_REPLY}. */
  UNEXPECTED,
  /** No saga with that id exists in this store; nothing recorded. */
  UNKNOWN_SAGA
}
