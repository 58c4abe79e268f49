package dev.natsaga.outbox.internal;

import dev.natsaga.framework.EventPublisher;
import dev.natsaga.framework.logging.FailureStreak;
import dev.natsaga.outbox.Durability;
import dev.natsaga.outbox.OutboxBacklog;
import dev.natsaga.outbox.OutboxException;
import dev.natsaga.outbox.OutboxRelay;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link OutboxRelay} on one background thread: woken after commits, else polling. A round that fails (database or
 * NATS down) is a WARN the first time, DEBUG while it keeps failing, and one INFO line when a round succeeds again.
 */
public final class PollingOutboxRelay implements OutboxRelay {

  private static final Logger LOG = LoggerFactory.getLogger(PollingOutboxRelay.class);
  private static final long LINGER_MS = 2;

  private final DataSource dataSource;
  private final Dialect dialect;
  private final RowPublisher publisher;
  private final Clock clock;
  private final int batchSize;
  private final Duration pollInterval;
  private final Durability durability;
  private final Semaphore signal = new Semaphore(0);
  private final Object relayLock = new Object();
  private final FailureStreak outage = new FailureStreak(LOG, "outbox relay round");
  private volatile boolean running;
  private Thread thread;

  public PollingOutboxRelay(DataSource dataSource, Supplier<EventPublisher> publisher, Clock clock, int batchSize,
                            Duration pollInterval, Duration ackTimeout, Durability durability) {
    this.dataSource = dataSource;
    this.durability = durability;
    this.dialect = Dialect.of(dataSource);
    this.publisher = new RowPublisher(publisher, ackTimeout);
    this.clock = clock;
    this.batchSize = batchSize;
    this.pollInterval = pollInterval;
  }

  @Override
  public synchronized void start() {
    if (thread != null) {
      throw new IllegalStateException("outbox relay already started");
    }
    running = true;
    thread = new Thread(this::loop, "natsaga-outbox-relay");
    thread.setDaemon(true);
    thread.start();
    LOG.info("outbox relay started (batch {}, poll every {})", batchSize, pollInterval);
  }

  @Override
  public void wake() {
    if (signal.availablePermits() == 0) {
      signal.release();
    }
  }

  @Override
  public int relayPending() {
    synchronized (relayLock) {
      int total = 0;
      while (true) {
        int[] readAndPublished = relayBatch();
        total += readAndPublished[1];
        if (readAndPublished[0] < batchSize || readAndPublished[1] < readAndPublished[0]) {
          return total;
        }
      }
    }
  }

  /**
   * One round in one transaction: lock a batch, wait until the commits that wrote it are durable (a group commit on an
   * H2 file database with a write delay: an event must never be out while the state that sent it could still be lost),
   * publish it, mark what was acknowledged.
   */
  private int[] relayBatch() {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        List<OutboxRow> batch = OutboxRows.lockUnpublished(c, dialect, batchSize);
        if (!batch.isEmpty()) {
          durability.awaitDurable();
        }
        List<UUID> published = batch.isEmpty() ? List.of() : publisher.publish(batch);
        OutboxRows.markPublished(c, published, clock.instant());
        c.commit();
        LOG.debug("relayed {} of {} outbox events", published.size(), batch.size());
        return new int[] {batch.size(), published.size()};
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new OutboxException("outbox relay round failed: " + e.getMessage(), e);
    }
  }

  @Override
  public OutboxBacklog backlog() {
    try (Connection c = dataSource.getConnection()) {
      return OutboxRows.backlog(c);
    } catch (SQLException e) {
      throw new OutboxException("reading the outbox backlog failed: " + e.getMessage(), e);
    }
  }

  @Override
  public int purgePublished(Instant before) {
    try (Connection c = dataSource.getConnection()) {
      int deleted = OutboxRows.purgePublished(c, before);
      LOG.info("purged {} published outbox row(s) older than {}", deleted, before);
      return deleted;
    } catch (SQLException e) {
      throw new OutboxException("purging the outbox failed: " + e.getMessage(), e);
    }
  }

  private void loop() {
    while (running) {
      int relayed = 0;
      try {
        relayed = relayPending();
        outage.succeeded();
      } catch (RuntimeException e) {
        outage.failed(rootMessage(e) + "; retrying every " + pollInterval);
      }
      awaitSignal();
      if (relayed > 1) {
        linger();
      }
    }
    finalRound();
  }

  /**
   * One more round when stopping: what was committed since the last round (a saga's last command, an outcome event) is
   * published now instead of at the next start. Bounded by {@link #close()}'s wait; what it cannot publish stays for
   * the next start, as after a crash.
   */
  private void finalRound() {
    try {
      int relayed = relayPending();
      if (relayed > 0) {
        LOG.info("relayed {} pending outbox event(s) before stopping", relayed);
      }
    } catch (RuntimeException e) {
      LOG.warn("outbox events left unpublished at stop ({}); they are published after the next start", rootMessage(e));
    }
  }

  /**
   * Under load (the last round relayed several events) the next round starts {@value #LINGER_MS} ms later, so the
   * commits of that time are published and marked in one transaction instead of one each; at low load a round relays
   * one event and the next starts as soon as it is woken.
   */
  private void linger() {
    try {
      Thread.sleep(LINGER_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  private void awaitSignal() {
    if (!running) {
      return;
    }
    try {
      if (signal.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS)) {
        signal.drainPermits();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t == e ? e.toString() : e.getMessage() + " (" + t + ")";
  }

  @Override
  public void close() {
    Thread t;
    synchronized (this) {
      running = false;
      t = thread;
      thread = null;
    }
    if (t != null) {
      signal.release();
      try {
        t.join(TimeUnit.SECONDS.toMillis(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      LOG.info("outbox relay stopped");
    }
  }
}
