package dev.natsaga.saga.observe;

/**
 * The saga meters. Tags: {@code saga_type}, and for steps {@code step}, {@code phase} (execute | compensate) and
 * {@code outcome}; for the status gauge {@code status}. In Prometheus text: {@code natsaga_sagas_started_total},
 * {@code natsaga_saga_duration_seconds_bucket}, {@code natsaga_sagas{saga_type=…,status="RUNNING"}} and so on.
 */
public final class SagaMetricNames {

  /** Counter; tag {@code saga_type}. */
  public static final String STARTED = "natsaga.sagas.started";
  /** Counter; tag {@code saga_type}. */
  public static final String COMPLETED = "natsaga.sagas.completed";
  /** Counter; tag {@code saga_type}. */
  public static final String COMPENSATED = "natsaga.sagas.compensated";
  /** Counter of sagas parked as COMPENSATION_FAILED; tag {@code saga_type}. */
  public static final String COMPENSATION_FAILED = "natsaga.sagas.compensation_failed";
  /** Timer from start to COMPLETED, COMPENSATED or COMPENSATION_FAILED; tags {@code saga_type}, {@code status}. */
  public static final String SAGA_DURATION = "natsaga.saga.duration";
  /** Timer of one step attempt; tags {@code saga_type}, {@code step}, {@code phase}, {@code outcome}. */
  public static final String STEP_DURATION = "natsaga.saga.step.duration";
  /** Gauge (polled): sagas in the database by {@code saga_type} and {@code status}. */
  public static final String BY_STATUS = "natsaga.sagas";
  /** Gauge (polled): unpublished outbox rows. */
  public static final String OUTBOX_BACKLOG = "natsaga.outbox.backlog";
  /** Gauge (polled), seconds: age of the oldest unpublished outbox row (0 when none). */
  public static final String OUTBOX_OLDEST_AGE = "natsaga.outbox.oldest.age";
  /** Gauge (polled), seconds: how far the oldest due deadline of an active saga is past (0 when none is due). */
  public static final String DEADLINE_LAG = "natsaga.saga.deadline.lag";

  private SagaMetricNames() {
  }
}
