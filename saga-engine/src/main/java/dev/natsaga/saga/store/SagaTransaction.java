package dev.natsaga.saga.store;

import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.saga.StepPhase;
import java.sql.Connection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One unit of work: everything written through it (instance row, step log, outbox events,
 * and whatever a local step writes through {@link #connection()}) commits together or not at all.
 * Obtained from {@link SagaStore#inTransaction(SagaWork)}; valid only inside that call.
 */
public interface SagaTransaction {

  /** @return the transaction's JDBC connection (do not commit, roll back or close it) */
  Connection connection();

  Optional<SagaInstance> load(UUID sagaId);

  Optional<UUID> findIdByCallerKey(String sagaType, String callerKey);

  /** @throws DuplicateSagaException when (saga type, caller key) already exists */
  void insert(SagaInstance instance);

  /**
   * Optimistic update: writes {@code instance} if the stored {@code lock_version} still equals
   * {@code instance.lockVersion()}.
   *
   * @return the stored instance, with {@code lockVersion + 1} and the given {@code updatedAt}
   * @throws SagaConcurrencyException when another transaction updated the saga first
   */
  SagaInstance update(SagaInstance instance);

  void appendStepLog(StepLogEntry entry);

  /**
   * Ends every {@code STARTED} attempt of the step phase, in one statement.
   *
   * @return the attempts it ended (empty when none was open)
   */
  List<EndedAttempt> finishOpenAttempts(UUID sagaId, int stepIndex, StepPhase phase, AttemptResult result);

  /** @return true when the step log already holds a row for this reply id */
  boolean hasReply(UUID sagaId, String replyId);

  List<StepLogEntry> stepLog(UUID sagaId);

  /**
   * Writes an event or command to the transactional outbox ({@code natsaga_outbox}) in this transaction: it is
   * published by the outbox relay if and only if the transaction commits, with a {@code Nats-Msg-Id} derived from its id.
   */
  void publish(OutgoingEvent<?> event);

  void afterCommit(Runnable action);
}
