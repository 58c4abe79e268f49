package dev.natsaga.saga.store;

import dev.natsaga.saga.StepPhase;
import dev.natsaga.saga.outbox.OutboxMessage;
import java.sql.Connection;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One unit of work: everything written through it (instance row, step log, outbox, processed commands,
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
   * Ends every {@code STARTED} attempt of the step phase.
   *
   * @return how many rows it ended (0 when none was open)
   */
  int finishOpenAttempts(UUID sagaId, int stepIndex, StepPhase phase, AttemptResult result);

  /** @return true when the step log already holds a row for this reply id */
  boolean hasReply(UUID sagaId, String replyId);

  List<StepLogEntry> stepLog(UUID sagaId);

  /** Adds a message to the outbox; the relay publishes it after commit. */
  void enqueue(OutboxMessage message);

  /** Locks up to {@code limit} unpublished outbox rows, oldest first, skipping rows other relays hold. */
  List<OutboxMessage> lockUnpublished(int limit);

  void markPublished(Collection<UUID> messageIds, Instant at);

  Optional<ProcessedCommand> findProcessed(String consumer, String commandId);

  /** @return false when the command was already recorded (the caller should return the stored reply) */
  boolean recordProcessed(ProcessedCommand command);

  /** Runs {@code action} after a successful commit (never after a rollback). */
  void afterCommit(Runnable action);
}
