package dev.natsaga.bench;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts handled messages of a pre-filled stream and measures the handling rate over slices: each
 * slice waits for its first message and a short ramp (the first pull), then counts for the rest of
 * the slice. A stream that runs dry ends the slice at its last message.
 */
final class ConsumeCounter {

  private static final long RAMP_NANOS = 100_000_000L;
  private final long total;
  private final AtomicLong count = new AtomicLong();
  private volatile long doneNanos;
  private long ops;
  private long nanos;

  ConsumeCounter(long total) {
    this.total = total;
  }

  /** Called by a handler once per message. */
  void hit() {
    if (count.incrementAndGet() == total) {
      doneNanos = System.nanoTime();
    }
  }

  boolean drained() {
    return count.get() >= total;
  }

  /** Measures one slice of a consumer that was just started; counts it when {@code measured}. */
  void slice(Duration duration, boolean measured) throws InterruptedException {
    long before = count.get();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (count.get() == before && !drained()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("no message consumed within 30 s");
      }
      Thread.sleep(1);
    }
    long start = System.nanoTime();
    long end = start + Math.max(duration.toNanos(), 2 * RAMP_NANOS);
    sleepUntil(start + RAMP_NANOS);
    long c0 = count.get();
    long t0 = System.nanoTime();
    if (drained()) {
      return;
    }
    sleepUntil(end);
    long c1 = count.get();
    long t1 = System.nanoTime();
    if (c1 >= total) {
      c1 = total;
      t1 = doneNanos;
    }
    if (measured) {
      ops += c1 - c0;
      nanos += t1 - t0;
    }
  }

  /** Messages per second over the measured slices. */
  double rate() {
    if (nanos == 0) {
      throw new IllegalStateException("the stream ran dry before any measured slice; pre-fill more");
    }
    return ops * 1e9 / nanos;
  }

  private void sleepUntil(long nanoTime) throws InterruptedException {
    while (System.nanoTime() < nanoTime && !drained()) {
      Thread.sleep(2);
    }
  }
}
