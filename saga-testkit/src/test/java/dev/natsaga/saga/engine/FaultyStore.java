package dev.natsaga.saga.engine;

import dev.natsaga.saga.SagaPage;
import dev.natsaga.saga.SagaStatus;
import dev.natsaga.saga.store.ClaimedSaga;
import dev.natsaga.saga.store.SagaConcurrencyException;
import dev.natsaga.saga.store.SagaInstance;
import dev.natsaga.saga.store.SagaStore;
import dev.natsaga.saga.store.SagaStoreException;
import dev.natsaga.saga.store.SagaTransaction;
import dev.natsaga.saga.store.SagaWork;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * A recording decorator of a real store: counts transactions, and makes the update of chosen sagas fail (a database
 * failure, or a lost optimistic-lock race) a given number of times, inside the real transaction, which then rolls back.
 */
final class FaultyStore implements SagaStore {

  final AtomicInteger transactions = new AtomicInteger();
  private final SagaStore delegate;
  private final Map<UUID, AtomicInteger> failures = new ConcurrentHashMap<>();
  private final Map<UUID, Boolean> conflicts = new ConcurrentHashMap<>();

  FaultyStore(SagaStore delegate) {
    this.delegate = delegate;
  }

  /** The next {@code times} updates of {@code sagaId} fail: a database failure, or with {@code conflict} a lost race. */
  FaultyStore failUpdates(UUID sagaId, int times, boolean conflict) {
    failures.put(sagaId, new AtomicInteger(times));
    conflicts.put(sagaId, conflict);
    return this;
  }

  @Override
  public <T> T inTransaction(SagaWork<T> work) {
    transactions.incrementAndGet();
    return delegate.inTransaction(tx -> work.run(faulty(tx)));
  }

  private SagaTransaction faulty(SagaTransaction tx) {
    return (SagaTransaction) Proxy.newProxyInstance(SagaTransaction.class.getClassLoader(), new Class<?>[] {SagaTransaction.class},
        (proxy, method, args) -> {
          if (method.getName().equals("update") && args[0] instanceof SagaInstance instance) {
            AtomicInteger left = failures.get(instance.id());
            if (left != null && left.getAndDecrement() > 0) {
              throw conflicts.get(instance.id())
                  ? new SagaConcurrencyException("injected: saga " + instance.id() + " was moved by another transaction")
                  : new SagaStoreException("injected: update of saga " + instance.id() + " failed");
            }
          }
          try {
            return method.invoke(tx, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  @Override
  public Optional<SagaInstance> findInstance(UUID sagaId) { return delegate.findInstance(sagaId); }

  @Override
  public List<dev.natsaga.saga.store.StepLogEntry> stepLog(UUID sagaId) { return delegate.stepLog(sagaId); }

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
  public DataSource dataSource() { return delegate.dataSource(); }

  @Override
  public void close() { }
}
