package dev.natsaga.bench;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts handled messages of a pre-filled stream and measures the handling rate after a warm-up.
 * When the stream runs dry before the window ends, the rate is taken up to the last message; when it
 * runs dry even before the warm-up ends, over the second half of the messages.
 */
final class ConsumeCounter {

  private final long total;
  private final AtomicLong count = new AtomicLong();
  private volatile long halfNanos;
  private volatile long doneNanos;

  ConsumeCounter(long total) {
    this.total = total;
  }

  /** Called by a handler once per message. */
  void hit() {
    long n = count.incrementAndGet();
    if (n == total / 2) {
      halfNanos = System.nanoTime();
    } else if (n == total) {
      doneNanos = System.nanoTime();
    }
  }

  long count() {
    return count.get();
  }

  /** Waits for the first message, then the warm-up, then measures for {@code measure}. */
  double rate(Duration warmup, Duration measure) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (count.get() == 0) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("no message consumed within 30 s");
      }
      Thread.sleep(1);
    }
    long warmEnd = System.nanoTime() + warmup.toNanos();
    sleepUntil(warmEnd);
    long c0 = count.get();
    long t0 = System.nanoTime();
    if (c0 >= total) {
      return (total - total / 2) * 1e9 / (doneNanos - halfNanos);
    }
    sleepUntil(t0 + measure.toNanos());
    long c1 = count.get();
    long t1 = System.nanoTime();
    if (c1 >= total) {
      c1 = total;
      t1 = doneNanos;
    }
    return (c1 - c0) * 1e9 / (t1 - t0);
  }

  private void sleepUntil(long nanos) throws InterruptedException {
    while (System.nanoTime() < nanos && count.get() < total) {
      Thread.sleep(2);
    }
  }
}
