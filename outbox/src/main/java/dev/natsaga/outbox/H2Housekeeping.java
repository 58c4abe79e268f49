package dev.natsaga.outbox;

import com.zaxxer.hikari.HikariDataSource;
import dev.natsaga.outbox.internal.GroupCommits;
import dev.natsaga.outbox.internal.H2Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compacts an embedded H2 file database that writes every commit when it returns ({@code WRITE_DELAY=0}) while it
 * runs, as H2's background writer would.
 *
 * <p>H2 appends every commit to its file as a new chunk and drops a chunk only once none of its pages is live. Pages
 * that stay (a booking row, a processed message id) keep their otherwise dead chunks, and only H2's background writer
 * rewrites those live pages elsewhere; a write delay of 0 never starts that writer, so the file and H2's in-heap map of
 * its chunks grow with every commit until the database closes (the reliability soak: 161 MB of file per 1,000
 * bookings, the booking service's heap floor +14 % in 30 minutes). This task does the writer's compaction on a timer:
 * each round rewrites the live pages of chunks that are mostly dead and older than H2's retention time (45 s by
 * default; it keeps recently freed space unreused, as a guard against write reordering by the disk), at most H2's
 * auto-commit buffer of them, on a pooled connection, so emptied chunks are dropped and their space reused. Nothing is
 * moved in place: a rewrite is an ordinary write of new chunks, and fails like one on a full disk.
 *
 * <p>A database with a write delay has H2's own writer and gets no task. The task ends with its pool.
 *
 * <pre>{@code
 * H2Housekeeping.start(pool);   // after the migrations; empty unless the pool is on an H2 file with WRITE_DELAY=0
 * }</pre>
 */
public final class H2Housekeeping implements AutoCloseable {

  /** How often a round runs by default. */
  public static final Duration PERIOD = Duration.ofSeconds(1);

  private static final Logger LOG = LoggerFactory.getLogger(H2Housekeeping.class);

  private final HikariDataSource pool;
  private final ScheduledExecutorService timer;
  private volatile boolean failing;

  private H2Housekeeping(HikariDataSource pool) {
    this.pool = pool;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "natsaga-h2-housekeeping-" + pool.getPoolName());
      t.setDaemon(true);
      return t;
    });
  }

  /** Starts the task for {@code pool} every {@link #PERIOD}, if its database is an H2 file with {@code WRITE_DELAY=0}. */
  public static Optional<H2Housekeeping> start(HikariDataSource pool) {
    return start(pool, PERIOD);
  }

  /** Starts the task for {@code pool} every {@code period}, if its database is an H2 file with {@code WRITE_DELAY=0}. */
  public static Optional<H2Housekeeping> start(HikariDataSource pool, Duration period) {
    if (!DeadH2Shutdown.embeddedFile(pool.getJdbcUrl()) || writeDelay(pool) != 0) {
      return Optional.empty();
    }
    H2Housekeeping housekeeping = new H2Housekeeping(pool);
    housekeeping.timer.scheduleWithFixedDelay(housekeeping::round, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    LOG.info("pool {}: H2 writes every commit at once (WRITE_DELAY=0): its file is compacted every {} ms", pool.getPoolName(),
        period.toMillis());
    return Optional.of(housekeeping);
  }

  private static int writeDelay(HikariDataSource pool) {
    try (Connection c = pool.getConnection()) {
      return GroupCommits.h2WriteDelay(c);
    } catch (SQLException e) {
      throw new OutboxException("cannot read the WRITE_DELAY of " + pool.getJdbcUrl() + ": " + e.getMessage(), e);
    }
  }

  /** One compaction round; ends the task once the pool is closed. */
  void round() {
    if (pool.isClosed()) {
      timer.shutdown();
      return;
    }
    try (Connection c = pool.getConnection()) {
      if (H2Files.compact(c) && LOG.isDebugEnabled()) {
        LOG.debug("pool {}: compacted, file {}", pool.getPoolName(), H2Files.figures(c));
      }
      if (failing) {
        failing = false;
        LOG.info("pool {}: compaction works again", pool.getPoolName());
      }
    } catch (SQLException | RuntimeException e) {
      if (!failing) {
        failing = true;
        LOG.warn("pool {}: compaction failed, tried again every round ({})", pool.getPoolName(),
            ClosedDatabaseEviction.firstLine(e.getMessage()));
      }
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
