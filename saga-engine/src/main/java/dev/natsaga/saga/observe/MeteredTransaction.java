package dev.natsaga.saga.observe;

import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.saga.SagaStatus;
import dev.natsaga.saga.StepOutcome;
import dev.natsaga.saga.StepPhase;
import dev.natsaga.saga.store.AttemptResult;
import dev.natsaga.saga.store.EndedAttempt;
import dev.natsaga.saga.store.SagaInstance;
import dev.natsaga.saga.store.SagaTransaction;
import dev.natsaga.saga.store.StepLogEntry;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** One transaction of {@link MeteredSagaStore}: remembers the sagas it read and records what changed after commit. */
final class MeteredTransaction implements SagaTransaction {

  private final SagaTransaction tx;
  private final SagaMeters meters;
  private final Map<UUID, SagaInstance> known = new HashMap<>();

  MeteredTransaction(SagaTransaction tx, SagaMeters meters) {
    this.tx = tx;
    this.meters = meters;
  }

  @Override
  public Optional<SagaInstance> load(UUID sagaId) {
    Optional<SagaInstance> instance = tx.load(sagaId);
    instance.ifPresent(i -> known.put(i.id(), i));
    return instance;
  }

  @Override
  public void insert(SagaInstance instance) {
    tx.insert(instance);
    known.put(instance.id(), instance);
    tx.afterCommit(() -> meters.started(instance.sagaType()));
  }

  @Override
  public SagaInstance update(SagaInstance instance) {
    SagaInstance stored = tx.update(instance);
    SagaInstance before = known.put(stored.id(), stored);
    SagaStatus now = stored.status();
    if (before != null && before.status() != now) {
      Duration took = Duration.between(stored.createdAt(), stored.updatedAt() != null ? stored.updatedAt() : Instant.now());
      tx.afterCommit(() -> meters.ended(stored.sagaType(), now, took));
    }
    return stored;
  }

  @Override
  public void appendStepLog(StepLogEntry entry) {
    tx.appendStepLog(entry);
    if (entry.outcome() != StepOutcome.STARTED && entry.startedAt() != null && entry.finishedAt() != null) {
      step(entry.sagaId(), entry.stepName(), entry.phase(), entry.outcome(), Duration.between(entry.startedAt(), entry.finishedAt()));
    }
  }

  @Override
  public List<EndedAttempt> finishOpenAttempts(UUID sagaId, int stepIndex, StepPhase phase, AttemptResult result) {
    List<EndedAttempt> ended = tx.finishOpenAttempts(sagaId, stepIndex, phase, result);
    Instant end = result.finishedAt() != null ? result.finishedAt() : Instant.now();
    for (EndedAttempt e : ended) {
      step(sagaId, e.stepName(), phase, result.outcome(), Duration.between(e.startedAt(), end));
    }
    return ended;
  }

  private void step(UUID sagaId, String stepName, StepPhase phase, StepOutcome outcome, Duration took) {
    SagaInstance saga = known.get(sagaId);
    if (saga != null) {
      tx.afterCommit(() -> meters.step(saga.sagaType(), stepName, phase, outcome, took));
    }
  }

  @Override
  public Connection connection() {
    return tx.connection();
  }

  @Override
  public Optional<UUID> findIdByCallerKey(String sagaType, String callerKey) {
    return tx.findIdByCallerKey(sagaType, callerKey);
  }

  @Override
  public boolean hasReply(UUID sagaId, String replyId) {
    return tx.hasReply(sagaId, replyId);
  }

  @Override
  public List<StepLogEntry> stepLog(UUID sagaId) {
    return tx.stepLog(sagaId);
  }

  @Override
  public void publish(OutgoingEvent<?> event) {
    tx.publish(event);
  }

  @Override
  public void afterCommit(Runnable action) {
    tx.afterCommit(action);
  }
}
