package dev.natsaga.saga;

/** The outcome of one row of the step log. */
public enum StepOutcome {
  /** A command was sent; the attempt waits for its reply. */
  STARTED,
  SUCCEEDED,
  FAILED,
  /** No reply arrived before the step's deadline. */
  TIMED_OUT,
  /** The step has no compensation; nothing to undo. */
  SKIPPED,
  /** A reply that was already handled (same reply id, or a second reply to an answered command); ignored. */
  DUPLICATE_REPLY,
  /** A reply the saga no longer waits for (the step timed out and the saga moved on); ignored. */
  LATE_REPLY,
  /** A reply of a type the step does not declare, or whose payload does not bind; ignored. */
  UNEXPECTED_REPLY
}
