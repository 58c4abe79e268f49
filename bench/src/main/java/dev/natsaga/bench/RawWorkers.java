package dev.natsaga.bench;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * Where the raw consumer runs its handler: on the dispatcher thread (the default, what a raw user
 * writes), or, for diagnosis only, handed to N worker threads behind a semaphore the way the
 * framework does ({@code -Dbench.raw.workers=N}; never set by run.sh).
 */
final class RawWorkers implements AutoCloseable {

  private final ExecutorService pool;
  private final Semaphore slots;

  private RawWorkers(int n) {
    this.pool = n == 0 ? null : Executors.newFixedThreadPool(n);
    this.slots = new Semaphore(Math.max(1, n));
  }

  static RawWorkers fromProperty() {
    return new RawWorkers(Integer.getInteger("bench.raw.workers", 0));
  }

  void run(Runnable work) throws InterruptedException {
    if (pool == null) {
      work.run();
      return;
    }
    slots.acquire();
    pool.execute(() -> {
      try {
        work.run();
      } finally {
        slots.release();
      }
    });
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }
}
