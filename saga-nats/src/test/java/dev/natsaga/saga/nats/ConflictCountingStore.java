package dev.natsaga.saga.nats;

import dev.natsaga.saga.SagaPage;
import dev.natsaga.saga.SagaStatus;
import dev.natsaga.saga.store.ClaimedSaga;
import dev.natsaga.saga.store.SagaConcurrencyException;
import dev.natsaga.saga.store.SagaInstance;
import dev.natsaga.saga.store.SagaStore;
import dev.natsaga.saga.store.SagaWork;
import dev.natsaga.saga.store.StepLogEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** A recording decorator: counts the transactions that lost an optimistic-lock race (the engine re-applies them). */
final class ConflictCountingStore implements SagaStore {

  private final SagaStore delegate;
  private final AtomicInteger conflicts;

  ConflictCountingStore(SagaStore delegate, AtomicInteger conflicts) {
    this.delegate = delegate;
    this.conflicts = conflicts;
  }

  @Override
  public <T> T inTransaction(SagaWork<T> work) {
    try {
      return delegate.inTransaction(work);
    } catch (SagaConcurrencyException e) {
      conflicts.incrementAndGet();
      throw e;
    }
  }

  @Override
  public Optional<SagaInstance> findInstance(UUID sagaId) { return delegate.findInstance(sagaId); }

  @Override
  public List<StepLogEntry> stepLog(UUID sagaId) { return delegate.stepLog(sagaId); }

  @Override
  public SagaPage<SagaInstance> list(String sagaType, SagaStatus status, int page, int size) {
    return delegate.list(sagaType, status, page, size);
  }

  @Override
  public List<ClaimedSaga> claimDue(Instant now, Duration lease, int limit) { return delegate.claimDue(now, lease, limit); }

  @Override
  public void addOutboxListener(Runnable listener) { delegate.addOutboxListener(listener); }

  @Override
  public void removeOutboxListener(Runnable listener) { delegate.removeOutboxListener(listener); }

  @Override
  public javax.sql.DataSource dataSource() { return delegate.dataSource(); }

  @Override
  public void close() { delegate.close(); }
}
