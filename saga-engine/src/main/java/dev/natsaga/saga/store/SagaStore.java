package dev.natsaga.saga.store;

import dev.natsaga.saga.SagaPage;
import dev.natsaga.saga.SagaStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Persistence of saga instances and step logs; commands go to the transactional outbox in the same transaction.
 * Implementations are thread-safe.
 *
 * <pre>{@code
 * try (JdbcSagaStore store = JdbcSagaStore.open(SagaDatabaseOptions.builder().url(url).build())) {
 *     store.inTransaction(tx -> {
 *         SagaInstance next = tx.update(instance.toBuilder().stateJson(json).build());
 *         tx.publish(command);                 // commits with the update, or not at all
 *         return next;
 *     });
 * }
 * }</pre>
 */
public interface SagaStore extends AutoCloseable {

  /**
   * Runs {@code work} in one transaction: commit when it returns, roll back when it throws (the
   * exception is rethrown; checked exceptions wrapped in {@link SagaStoreException}).
   */
  <T> T inTransaction(SagaWork<T> work);

  Optional<SagaInstance> findInstance(UUID sagaId);

  List<StepLogEntry> stepLog(UUID sagaId);

  /**
   * @param sagaType the saga type
   * @param status   a status, or null for every status
   * @param page     0-based page
   * @param size     rows per page (1..1000)
   * @return newest first
   */
  SagaPage<SagaInstance> list(String sagaType, SagaStatus status, int page, int size);

  /**
   * Claims up to {@code limit} active sagas whose deadline is at or before {@code now}: each is claimed by
   * exactly one caller, even with several engines on one database. A claim pushes the deadline to
   * {@code now + lease} (so a crashed claimer's sagas come due again) and bumps the lock version.
   */
  List<ClaimedSaga> claimDue(Instant now, Duration lease, int limit);

  /** Registers a callback run after every commit that wrote outbox rows (wakes the relay). */
  void addOutboxListener(Runnable listener);

  /** Removes a listener added with {@link #addOutboxListener(Runnable)} (same instance). */
  void removeOutboxListener(Runnable listener);

  /** @return the database of the saga store; the outbox relay of its commands reads {@code natsaga_outbox} there */
  DataSource dataSource();

  @Override
  void close();
}
