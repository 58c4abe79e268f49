package dev.natsaga.saga;

import dev.natsaga.framework.OutgoingEvent;
import java.sql.Connection;
import java.util.UUID;

/**
 * The end of one saga as an {@link OutcomeHook} sees it, valid only while the hook runs: which saga, how it ended and
 * why, and the saga's final transaction to write rows ({@link #connection()}) and publish events through the
 * transactional outbox ({@link #publish(OutgoingEvent)}).
 */
public interface SagaOutcome {

  UUID sagaId();

  /** @return the saga type, e.g. {@code booking.create} */
  String sagaType();

  /** @return {@code COMPLETED}, {@code COMPENSATED} or {@code COMPENSATION_FAILED} */
  SagaStatus status();

  /** @return why the saga failed (the failing step and its error), null when it completed */
  String reason();

  /** @return the connection of the saga's final transaction (auto-commit off; do not commit or close it) */
  Connection connection();

  /**
   * Writes an event to the transactional outbox in the saga's final transaction; it is published once that
   * transaction commits. Its correlation id is the saga id unless the event sets one.
   */
  void publish(OutgoingEvent<?> event);

  /** Runs {@code action} once the final transaction has committed (not at all if it rolls back), e.g. to log. */
  void afterCommit(Runnable action);
}
