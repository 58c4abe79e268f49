package dev.natsaga.saga.observe;

import dev.natsaga.saga.SagaPage;
import dev.natsaga.saga.SagaStatus;
import dev.natsaga.saga.store.ClaimedSaga;
import dev.natsaga.saga.store.SagaInstance;
import dev.natsaga.saga.store.SagaStore;
import dev.natsaga.saga.store.SagaWork;
import dev.natsaga.saga.store.StepLogEntry;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * A {@link SagaStore} that counts what the engine writes through it: a saga inserted is started, an update that
 * moves it to COMPLETED, COMPENSATED or COMPENSATION_FAILED ends it (counter and duration), a finished step-log
 * row is a step attempt (duration). Counted after commit only, so a rolled-back or conflicting transaction counts
 * nothing.
 *
 * <pre>{@code
 * SagaStore store = MeteredSagaStore.wrap(JdbcSagaStore.open(options), meterRegistry);
 * }</pre>
 */
public final class MeteredSagaStore implements SagaStore {

  private final SagaStore delegate;
  private final SagaMeters meters;

  private MeteredSagaStore(SagaStore delegate, MeterRegistry registry) {
    this.delegate = delegate;
    this.meters = new SagaMeters(registry);
  }

  /** The store with saga metrics recorded in {@code registry}. */
  public static SagaStore wrap(SagaStore store, MeterRegistry registry) {
    return new MeteredSagaStore(store, registry);
  }

  @Override
  public <T> T inTransaction(SagaWork<T> work) {
    return delegate.inTransaction(tx -> work.run(new MeteredTransaction(tx, meters)));
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
  public DataSource dataSource() {
    return delegate.dataSource();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
