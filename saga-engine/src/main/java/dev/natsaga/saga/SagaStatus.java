package dev.natsaga.saga;

/** Where a saga instance stands. {@link #COMPLETED}, {@link #COMPENSATED} are final; {@link #COMPENSATION_FAILED} waits for an operator. */
public enum SagaStatus {
  /** Executing its steps forward. */
  RUNNING,
  /** Every step succeeded. */
  COMPLETED,
  /** A step failed; completed steps are being undone in reverse order. */
  COMPENSATING,
  /** Every completed step was undone. */
  COMPENSATED,
  /** A compensation failed after all its retries; parked until {@link SagaEngine#resume(java.util.UUID)}. */
  COMPENSATION_FAILED;

  /** @return true for statuses the engine never leaves on its own. */
  public boolean isFinal() {
    return this == COMPLETED || this == COMPENSATED;
  }

  /** @return true while the engine is still moving the saga (running or compensating). */
  public boolean isActive() {
    return this == RUNNING || this == COMPENSATING;
  }
}
