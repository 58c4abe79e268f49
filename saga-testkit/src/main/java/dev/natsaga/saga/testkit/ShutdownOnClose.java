package dev.natsaga.saga.testkit;

import dev.natsaga.saga.SagaPage;
import dev.natsaga.saga.SagaStatus;
import dev.natsaga.saga.jdbc.JdbcSagaStore;
import dev.natsaga.saga.store.ClaimedSaga;
import dev.natsaga.saga.store.SagaInstance;
import dev.natsaga.saga.store.SagaStore;
import dev.natsaga.saga.store.SagaWork;
import dev.natsaga.saga.store.StepLogEntry;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** The kit's in-memory H2 store: closing it drops the database so tests do not leak memory. */
final class ShutdownOnClose implements SagaStore {

  private final JdbcSagaStore delegate;

  ShutdownOnClose(JdbcSagaStore delegate) {
    this.delegate = delegate;
  }

  @Override
  public <T> T inTransaction(SagaWork<T> work) { return delegate.inTransaction(work); }

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
  public DataSource dataSource() { return delegate.dataSource(); }

  @Override
  public void close() {
    try (Connection c = delegate.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("SHUTDOWN");
    } catch (SQLException e) {
      // the database is gone either way
    } finally {
      delegate.close();
    }
  }
}
