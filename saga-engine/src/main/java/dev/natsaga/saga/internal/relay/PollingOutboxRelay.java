package dev.natsaga.saga.internal.relay;

import dev.natsaga.framework.logging.FailureStreak;
import dev.natsaga.saga.outbox.CommandTransport;
import dev.natsaga.saga.outbox.OutboxMessage;
import dev.natsaga.saga.outbox.OutboxRelay;
import dev.natsaga.saga.store.SagaStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link OutboxRelay} on one background thread: woken by the store after outbox commits, else polling. A round that
 * fails (database or transport down) is a WARN the first time, DEBUG while it keeps failing, and one INFO line when a
 * round succeeds again ({@link FailureStreak}).
 */
public final class PollingOutboxRelay implements OutboxRelay {

  private static final Logger LOG = LoggerFactory.getLogger(PollingOutboxRelay.class);
  private static final long LINGER_MS = 2;

  private final SagaStore store;
  private final CommandTransport transport;
  private final Clock clock;
  private final int batchSize;
  private final Duration pollInterval;
  private final Semaphore signal = new Semaphore(0);
  private final Object relayLock = new Object();
  private final Runnable wakeListener = this::wake;
  private final FailureStreak outage = new FailureStreak(LOG, "outbox relay round");
  private volatile boolean running;
  private Thread thread;

  public PollingOutboxRelay(SagaStore store, CommandTransport transport, Clock clock, int batchSize, Duration pollInterval) {
    this.store = store;
    this.transport = transport;
    this.clock = clock;
    this.batchSize = batchSize;
    this.pollInterval = pollInterval;
    store.addOutboxListener(wakeListener);
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

  private int[] relayBatch() {
    return store.inTransaction(tx -> {
      List<OutboxMessage> batch = tx.lockUnpublished(batchSize);
      if (batch.isEmpty()) {
        return new int[] {0, 0};
      }
      Collection<java.util.UUID> published = transport.publish(batch);
      tx.markPublished(published, clock.instant());
      LOG.debug("relayed {} of {} outbox messages", published.size(), batch.size());
      return new int[] {batch.size(), published.size()};
    });
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
  }

  /**
   * Under load (the last round relayed several messages) the next round starts {@value #LINGER_MS} ms later, so the
   * commits of that time are published and marked in one transaction instead of one each; at low load a round relays
   * one message and the next starts as soon as it is woken.
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
    store.removeOutboxListener(wakeListener);
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
