package dev.natsaga.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.natsaga.outbox.Durability;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The store ceiling: the durable writes of the booking saga ({@link CeilingWrites}: the same statements and
 * transactions the samples make, in the same two databases with the samples' schema and durability) back to back
 * with no messaging and no services, at saturation — how many durable sagas per second this machine's databases allow.
 *
 * <p>{@value #WORKERS} workers each take {@value #BATCH} sagas at a time through the saga's transactions, batched as the
 * samples batch them at their best under load: each start in its own transaction (one per {@code POST}), then one
 * transaction per batch for each relay round, each participant command batch and each reply batch (the samples'
 * {@code SAGA_REPLY_BATCH} and {@code PAYMENT_COMMAND_BATCH} are 16), and the projection. Durability is paid where
 * the samples pay it ({@link Durability}: a group {@code CHECKPOINT} on H2 with its write delay, every commit on
 * PostgreSQL): after the starts (before {@code 202}), before each relay round publishes, after each participant batch
 * (before its replies) and after each reply batch (before its acks).
 */
final class StoreCeiling {

  static final int WORKERS = 4;
  static final int BATCH = 16;

  private final HikariDataSource booking;
  private final HikariDataSource payment;
  private final Durability bookingDurable;
  private final Durability paymentDurable;
  /**
   * Numbers the sagas (slot ids, projection positions) across measurements: the repeats of a run write to the same
   * databases, where a slot id may be held once and the projection's position only grows.
   */
  private static final AtomicLong SAGAS = new AtomicLong();

  /** What the ceiling measured: durable sagas per second, the bench JVM's CPU per saga, commits per saga. */
  record Result(double perSecond, double cpuMillisPerSaga, double postgresMillisPerSaga, double bookingCommits,
                double paymentCommits) {
    @Override
    public String toString() {
      return String.format("%.0f sagas/s, CPU per saga: %.2f ms bench JVM, %.2f ms PostgreSQL; %.2f + %.2f commits per saga"
          + " (booking + payment)", perSecond, cpuMillisPerSaga, postgresMillisPerSaga, bookingCommits, paymentCommits);
    }
  }

  private StoreCeiling(SagaDatabases databases) {
    this.booking = pool(databases.bookingUrl(), databases.user(), "ceiling-booking");
    this.payment = pool(databases.paymentUrl(), databases.user(), "ceiling-payment");
    this.bookingDurable = Durability.of(booking);
    this.paymentDurable = Durability.of(payment);
  }

  /**
   * Runs the workers on {@code databases} (which hold the samples' schema: {@link SagaFixture#migrate}) for
   * {@code warmup} and measures {@code window}.
   */
  static Result measure(SagaDatabases databases, Duration warmup, Duration window) throws Exception {
    StoreCeiling ceiling = new StoreCeiling(databases);
    try {
      return ceiling.run(warmup, window);
    } finally {
      ceiling.booking.close();
      ceiling.payment.close();
    }
  }

  private Result run(Duration warmup, Duration window) throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    LongAdder sagas = new LongAdder();
    ExecutorService workers = Executors.newFixedThreadPool(WORKERS);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int i = 0; i < WORKERS; i++) {
        running.add(workers.submit(() -> work(stop, sagas)));
      }
      Thread.sleep(warmup.toMillis());
      long from = sagas.sum();
      ServerCpu.Reading servers = ServerCpu.read();
      long cpu = SagaLoad.processCpuNanos();
      Thread.sleep(window.toMillis());
      long n = sagas.sum() - from;
      long cpuNanos = SagaLoad.processCpuNanos() - cpu;
      long postgresNanos = ServerCpu.read().minus(servers).postgresNanos();
      stop.set(true);
      for (Future<?> f : running) {
        f.get();
      }
      return new Result(n / (window.toNanos() / 1e9), n == 0 ? 0 : cpuNanos / 1e6 / n, n == 0 ? 0 : postgresNanos / 1e6 / n,
          1 + 6.0 / BATCH, 2.0 / BATCH);
    } finally {
      workers.shutdownNow();
    }
  }

  private Void work(AtomicBoolean stop, LongAdder sagas) throws SQLException {
    while (!stop.get()) {
      List<CeilingWrites.Saga> batch = new ArrayList<>(BATCH);
      for (int i = 0; i < BATCH; i++) {
        long n = SAGAS.incrementAndGet();
        batch.add(new CeilingWrites.Saga("ceiling-" + n, n));
      }
      oneBatch(batch);
      sagas.add(BATCH);
    }
    return null;
  }

  /** The saga's transactions for a batch, in the order the saga makes them. */
  private void oneBatch(List<CeilingWrites.Saga> batch) throws SQLException {
    for (CeilingWrites.Saga s : batch) {
      inBooking(c -> CeilingWrites.start(c, s));
    }
    bookingDurable.awaitDurable();
    relay(batch, 0);
    inPayment(c -> CeilingWrites.participant(c, batch, 0));
    inBooking(c -> CeilingWrites.authorized(c, batch));
    bookingDurable.awaitDurable();
    relay(batch, 1);
    inPayment(c -> CeilingWrites.participant(c, batch, 1));
    inBooking(c -> CeilingWrites.captured(c, batch));
    bookingDurable.awaitDurable();
    relay(batch, 2);
    inBooking(c -> CeilingWrites.projected(c, batch));
  }

  private void relay(List<CeilingWrites.Saga> batch, int row) throws SQLException {
    bookingDurable.awaitDurable();
    inBooking(c -> CeilingWrites.relayed(c, batch, row));
  }

  private void inPayment(Work work) throws SQLException {
    transaction(payment, work);
    paymentDurable.awaitDurable();
  }

  private void inBooking(Work work) throws SQLException {
    transaction(booking, work);
  }

  private static void transaction(HikariDataSource pool, Work work) throws SQLException {
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      try {
        work.run(c);
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  /** One transaction's statements. */
  @FunctionalInterface
  private interface Work {
    void run(Connection c) throws SQLException;
  }

  private static HikariDataSource pool(String url, String user, String name) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername(user);
    config.setPassword("");
    config.setMaximumPoolSize(WORKERS + 1);
    config.setPoolName(name);
    return new HikariDataSource(config);
  }
}
