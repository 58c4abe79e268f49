package dev.natsaga.saga.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.natsaga.outbox.ClosedDatabaseEviction;
import dev.natsaga.outbox.OutboxSchema;
import dev.natsaga.saga.SagaPage;
import dev.natsaga.saga.SagaStatus;
import dev.natsaga.saga.store.ClaimedSaga;
import dev.natsaga.saga.store.SagaInstance;
import dev.natsaga.saga.store.SagaStore;
import dev.natsaga.saga.store.SagaStoreException;
import dev.natsaga.saga.store.SagaWork;
import dev.natsaga.saga.store.StepLogEntry;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JDBC {@link SagaStore}: H2 or PostgreSQL through HikariCP, the schema migrated by Flyway
 * (migrations {@code classpath:db/migration/natsaga-saga}, history table {@code natsaga_saga_schema_history},
 * so it coexists with an application's own Flyway migrations in the same schema).
 *
 * <pre>{@code
 * try (JdbcSagaStore store = JdbcSagaStore.open(SagaDatabaseOptions.fromEnvironment(System.getenv()))) {
 *     SagaEngine engine = SagaEngine.builder().store(store).registry(registry).build();
 *     ...
 * }
 * // or with an existing pool:
 * JdbcSagaStore store = JdbcSagaStore.create(dataSource).migrate();
 * }</pre>
 */
public final class JdbcSagaStore implements SagaStore {

  /** Flyway location of the store's migrations. */
  public static final String MIGRATIONS = "classpath:db/migration/natsaga-saga";
  /** Flyway location of the migrations that only H2 gets, after {@link #MIGRATIONS}' (versions between theirs). */
  public static final String MIGRATIONS_H2 = "classpath:db/migration/natsaga-saga-h2";
  /** Flyway history table of the store's migrations. */
  public static final String HISTORY_TABLE = "natsaga_saga_schema_history";

  private static final Logger LOG = LoggerFactory.getLogger(JdbcSagaStore.class);

  private final DataSource dataSource;
  private final HikariDataSource ownedPool;
  private final SqlDialect dialect;
  private final List<Runnable> outboxListeners = new CopyOnWriteArrayList<>();

  private JdbcSagaStore(DataSource dataSource, HikariDataSource ownedPool) {
    this.dataSource = dataSource;
    this.ownedPool = ownedPool;
    this.dialect = SqlDialect.of(dataSource);
  }

  /** Creates a pool from {@code options}, migrates the schema and returns the ready store (closing it closes the pool). */
  public static JdbcSagaStore open(SagaDatabaseOptions options) {
    HikariDataSource pool = ClosedDatabaseEviction.pool(hikari(options));   // H2 reopened after a full disk
    try {
      return new JdbcSagaStore(pool, pool).migrate();
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  /** Wraps a data source the caller owns (connects once to detect the database); call {@link #migrate()} before use unless the schema exists. */
  public static JdbcSagaStore create(DataSource dataSource) {
    return new JdbcSagaStore(dataSource, null);
  }

  /** Applies pending migrations, the outbox table's first (commands go there); idempotent. */
  public JdbcSagaStore migrate() {
    OutboxSchema.migrate(dataSource);
    try {
      int applied = Flyway.configure(JdbcSagaStore.class.getClassLoader()).dataSource(dataSource)
          .locations(dialect == SqlDialect.H2 ? new String[] {MIGRATIONS, MIGRATIONS_H2} : new String[] {MIGRATIONS})
          .table(HISTORY_TABLE)
          .baselineOnMigrate(true).baselineVersion("0")
          .load().migrate().migrationsExecuted;
      LOG.info("saga schema is up to date ({} migrations applied)", applied);
      return this;
    } catch (RuntimeException e) {
      throw new SagaStoreException("migrating the saga schema failed: " + e.getMessage(), e);
    }
  }

  @Override
  public DataSource dataSource() {
    return dataSource;
  }

  @Override
  public <T> T inTransaction(SagaWork<T> work) {
    return Transactions.run(dataSource, dialect, work, outboxListeners);
  }

  @Override
  public Optional<SagaInstance> findInstance(UUID sagaId) {
    return read("find saga " + sagaId, c -> InstanceQueries.load(c, sagaId));
  }

  @Override
  public List<StepLogEntry> stepLog(UUID sagaId) {
    return read("read step log of saga " + sagaId, c -> InstanceQueries.stepLog(c, sagaId));
  }

  @Override
  public SagaPage<SagaInstance> list(String sagaType, SagaStatus status, int page, int size) {
    if (page < 0 || size < 1 || size > 1000) {
      throw new IllegalArgumentException("page must be >= 0 and size 1..1000, got page " + page + ", size " + size);
    }
    return read("list sagas of type " + sagaType, c -> InstanceQueries.list(c, sagaType, status, page, size));
  }

  @Override
  public List<ClaimedSaga> claimDue(Instant now, Duration lease, int limit) {
    return inTransaction(tx -> Jdbc.run("claim due sagas", () -> DueClaims.claim(tx.connection(), dialect, now, lease, limit)));
  }

  @Override
  public void addOutboxListener(Runnable listener) {
    outboxListeners.add(listener);
  }

  @Override
  public void removeOutboxListener(Runnable listener) {
    outboxListeners.remove(listener);
  }

  @Override
  public void close() {
    if (ownedPool != null) {
      ownedPool.close();
    }
  }

  private <T> T read(String operation, ConnectionCall<T> call) {
    try (Connection c = dataSource.getConnection()) {
      return call.call(c);
    } catch (SQLException e) {
      throw SqlErrors.translate(e, operation);
    }
  }

  @FunctionalInterface
  private interface ConnectionCall<T> {
    T call(Connection c) throws SQLException;
  }

  private static HikariConfig hikari(SagaDatabaseOptions o) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(o.url());
    config.setUsername(o.user());
    config.setPassword(o.password());
    config.setMaximumPoolSize(o.poolSize());
    config.setConnectionTimeout(o.connectionTimeout().toMillis());
    config.setPoolName(o.poolName());
    config.setAutoCommit(true);
    return config;
  }
}
