package dev.natsaga.sample.booking;

import dev.natsaga.saga.StepPhase;
import dev.natsaga.saga.outbox.OutboxMessage;
import dev.natsaga.saga.store.AttemptResult;
import dev.natsaga.saga.store.ProcessedCommand;
import dev.natsaga.saga.store.SagaInstance;
import dev.natsaga.saga.store.SagaTransaction;
import dev.natsaga.saga.store.StepLogEntry;
import java.sql.Connection;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiConsumer;

/** A {@link SagaTransaction} that puts the saga it works on into the MDC and reports saga updates in the transaction; see {@link ObservedSagaStore}. */
final class ObservedTransaction implements SagaTransaction {

  private final SagaTransaction delegate;
  private final BiConsumer<SagaTransaction, SagaInstance> onUpdate;

  ObservedTransaction(SagaTransaction delegate, BiConsumer<SagaTransaction, SagaInstance> onUpdate) {
    this.delegate = delegate;
    this.onUpdate = onUpdate;
  }

  @Override
  public Connection connection() {
    return delegate.connection();
  }

  @Override
  public Optional<SagaInstance> load(UUID sagaId) {
    Optional<SagaInstance> instance = delegate.load(sagaId);
    instance.ifPresent(i -> ObservedSagaStore.correlate(i.id()));
    return instance;
  }

  @Override
  public Optional<UUID> findIdByCallerKey(String sagaType, String callerKey) {
    return delegate.findIdByCallerKey(sagaType, callerKey);
  }

  @Override
  public void insert(SagaInstance instance) {
    ObservedSagaStore.correlate(instance.id());
    delegate.insert(instance);
  }

  @Override
  public SagaInstance update(SagaInstance instance) {
    SagaInstance stored = delegate.update(instance);
    onUpdate.accept(this, stored);
    return stored;
  }

  @Override
  public void appendStepLog(StepLogEntry entry) {
    delegate.appendStepLog(entry);
  }

  @Override
  public int finishOpenAttempts(UUID sagaId, int stepIndex, StepPhase phase, AttemptResult result) {
    return delegate.finishOpenAttempts(sagaId, stepIndex, phase, result);
  }

  @Override
  public boolean hasReply(UUID sagaId, String replyId) {
    return delegate.hasReply(sagaId, replyId);
  }

  @Override
  public List<StepLogEntry> stepLog(UUID sagaId) {
    return delegate.stepLog(sagaId);
  }

  @Override
  public void enqueue(OutboxMessage message) {
    delegate.enqueue(message);
  }

  @Override
  public List<OutboxMessage> lockUnpublished(int limit) {
    return delegate.lockUnpublished(limit);
  }

  @Override
  public void markPublished(Collection<UUID> messageIds, Instant at) {
    delegate.markPublished(messageIds, at);
  }

  @Override
  public Optional<ProcessedCommand> findProcessed(String consumer, String commandId) {
    return delegate.findProcessed(consumer, commandId);
  }

  @Override
  public boolean recordProcessed(ProcessedCommand command) {
    return delegate.recordProcessed(command);
  }

  @Override
  public void afterCommit(Runnable action) {
    delegate.afterCommit(action);
  }
}
