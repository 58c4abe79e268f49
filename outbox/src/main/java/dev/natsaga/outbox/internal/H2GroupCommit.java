package dev.natsaga.outbox.internal;

import dev.natsaga.outbox.Durability;
import dev.natsaga.outbox.OutboxException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

/**
 * Group commit for an H2 file database with a write delay: a waiter needs a {@code CHECKPOINT} that <em>started</em>
 * after it asked (so it covers the waiter's commit). The first waiter runs one; those who arrive while it runs wait
 * for the next, which one of them runs for all. So under load one checkpoint serves every commit of its round.
 */
final class H2GroupCommit implements Durability {

  private final DataSource dataSource;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition finished = lock.newCondition();
  private final AtomicLong checkpoints = new AtomicLong();
  private long started;
  private long lastSucceeded;
  private long lastFailed;
  private RuntimeException failure;
  private boolean running;

  H2GroupCommit(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public void awaitDurable() {
    lock.lock();
    try {
      long needed = started + 1;
      while (lastSucceeded < needed) {
        if (lastFailed >= needed) {
          throw failure;
        }
        if (running) {
          finished.awaitUninterruptibly();
        } else {
          runOne();
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /** Runs one checkpoint outside the lock (called and returning with the lock held). */
  private void runOne() {
    running = true;
    long round = ++started;
    lock.unlock();
    RuntimeException failed = null;
    try {
      checkpoint();
    } catch (RuntimeException e) {
      failed = e;
    } finally {
      lock.lock();
      running = false;
      if (failed == null) {
        lastSucceeded = round;
      } else {
        lastFailed = round;
        failure = failed;
      }
      finished.signalAll();
    }
  }

  private void checkpoint() {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.execute("CHECKPOINT");
      checkpoints.incrementAndGet();
    } catch (SQLException e) {
      throw new OutboxException("making commits durable (H2 CHECKPOINT) failed: " + e.getMessage(), e);
    }
  }

  /** How many checkpoints ran (for tests and metrics). */
  long checkpoints() {
    return checkpoints.get();
  }
}
