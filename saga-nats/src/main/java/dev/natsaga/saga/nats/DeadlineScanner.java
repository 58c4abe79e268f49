package dev.natsaga.saga.nats;

import dev.natsaga.saga.SagaEngine;
import dev.natsaga.framework.logging.FailureStreak;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls {@link SagaEngine#processDueDeadlines()} on one daemon thread every interval (safe on every instance). A scan
 * that fails (database down) is a WARN the first time, DEBUG while it keeps failing, and one INFO line on recovery.
 */
final class DeadlineScanner implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DeadlineScanner.class);

  private final SagaEngine engine;
  private final Duration interval;
  private final FailureStreak outage = new FailureStreak(LOG, "saga deadline scan");
  private ScheduledExecutorService executor;

  DeadlineScanner(SagaEngine engine, Duration interval) {
    this.engine = engine;
    this.interval = interval;
  }

  void start() {
    executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "natsaga-saga-deadlines");
      t.setDaemon(true);
      return t;
    });
    executor.scheduleWithFixedDelay(this::scan, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void scan() {
    try {
      int handled = engine.processDueDeadlines();
      outage.succeeded();
      if (handled > 0) {
        LOG.debug("handled {} due saga deadline(s)", handled);
      }
    } catch (RuntimeException e) {
      outage.failed(e + "; retrying every " + interval.toMillis() + " ms");
    }
  }

  @Override
  public void close() {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
