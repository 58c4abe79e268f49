package dev.natsaga.saga;

/** Whether a saga is moving forward through its steps or backward through their compensations. */
public enum SagaDirection {
  EXECUTING,
  COMPENSATING
}
