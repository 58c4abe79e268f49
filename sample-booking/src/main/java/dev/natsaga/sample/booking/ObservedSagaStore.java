package dev.natsaga.sample.booking;

import dev.natsaga.saga.SagaPage;
import dev.natsaga.saga.SagaStatus;
import dev.natsaga.saga.store.ClaimedSaga;
import dev.natsaga.saga.store.SagaInstance;
import dev.natsaga.saga.store.SagaStore;
import dev.natsaga.saga.store.SagaTransaction;
import dev.natsaga.saga.store.SagaWork;
import dev.natsaga.saga.store.StepLogEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.MDC;

/**
 * The saga store the booking service's engine uses: the JDBC store, plus two things the engine does not offer yet.
 * <ul>
 *   <li><b>Correlation in the logs.</b> While a transaction works on a saga (start, reply, deadline, compensation),
 *       the MDC key {@code correlationId} holds the saga id, the correlation id its commands and replies carry, so the
 *       engine's one line per step shows it on every thread (HTTP, reply consumers, deadline scanner).</li>
 *   <li><b>A finish hook.</b> Inside a transaction that leaves a saga {@code COMPLETED} or {@code COMPENSATED}, before it
 *       commits, {@code onFinished} gets the transaction and the instance (the booking records its outcome and event in
 *       the same commit).</li>
 * </ul>
 */
final class ObservedSagaStore implements SagaStore {

  static final String MDC_KEY = "correlationId";

  private final SagaStore delegate;
  private final FinishHook onFinished;

  /** Work done in the transaction that finishes a saga. */
  @FunctionalInterface
  interface FinishHook {
    void finished(SagaTransaction tx, SagaInstance instance);
  }

  ObservedSagaStore(SagaStore delegate, FinishHook onFinished) {
    this.delegate = delegate;
    this.onFinished = onFinished;
  }

  @Override
  public <T> T inTransaction(SagaWork<T> work) {
    String previous = MDC.get(MDC_KEY);
    try {
      return delegate.inTransaction(tx -> work.run(new ObservedTransaction(tx, this::updated)));
    } finally {
      if (previous == null) {
        MDC.remove(MDC_KEY);
      } else {
        MDC.put(MDC_KEY, previous);
      }
    }
  }

  private void updated(SagaTransaction tx, SagaInstance instance) {
    if (instance.status() == SagaStatus.COMPLETED || instance.status() == SagaStatus.COMPENSATED) {
      onFinished.finished(tx, instance);
    }
  }

  static void correlate(UUID sagaId) {
    MDC.put(MDC_KEY, sagaId.toString());
  }

  @Override
  public Optional<SagaInstance> findInstance(UUID sagaId) {
    return delegate.findInstance(sagaId);
  }

  @Override
  public List<StepLogEntry> stepLog(UUID sagaId) {
    return delegate.stepLog(sagaId);
  }

  @Override
  public SagaPage<SagaInstance> list(String sagaType, SagaStatus status, int page, int size) {
    return delegate.list(sagaType, status, page, size);
  }

  @Override
  public List<ClaimedSaga> claimDue(Instant now, Duration lease, int limit) {
    return delegate.claimDue(now, lease, limit);
  }

  @Override
  public void addOutboxListener(Runnable listener) {
    delegate.addOutboxListener(listener);
  }

  @Override
  public void removeOutboxListener(Runnable listener) {
    delegate.removeOutboxListener(listener);
  }

  @Override
  public int purgePublished(Instant before) {
    return delegate.purgePublished(before);
  }

  /** Closes the JDBC store (the saga service closes it itself on stop). */
  @Override
  public void close() {
    delegate.close();
  }
}
