package dev.natsaga.saga;

/** The phase of a step attempt recorded in the step log. */
public enum StepPhase {
  /** The step's own action (local step or command). */
  EXECUTE,
  /** The step's compensation (local undo or compensating command). */
  COMPENSATE
}
