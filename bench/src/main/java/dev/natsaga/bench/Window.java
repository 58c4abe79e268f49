package dev.natsaga.bench;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/**
 * A warm-up followed by a measurement window over a running count: {@link #tick()} in the work loop
 * snapshots the count when the warm-up ends; {@link #rate()} is the count gained per second in the
 * window.
 */
final class Window {

  private final LongAdder count;
  private final long warmEnd;
  private final long end;
  private long c0 = -1;
  private long t0;
  private long c1;
  private long t1;

  Window(LongAdder count, Duration warmup, Duration measure) {
    this.count = count;
    long start = System.nanoTime();
    this.warmEnd = start + warmup.toNanos();
    this.end = warmEnd + measure.toNanos();
  }

  /** Call in the work loop; false once the window is over. */
  boolean tick() {
    long now = System.nanoTime();
    if (c0 < 0 && now >= warmEnd) {
      c0 = count.sum();
      t0 = now;
    }
    if (now >= end) {
      c1 = count.sum();
      t1 = now;
      return false;
    }
    return true;
  }

  /** Operations per second in the window. */
  double rate() {
    if (c0 < 0 || t1 <= t0) {
      throw new IllegalStateException("the window has not been run to its end");
    }
    return (c1 - c0) * 1e9 / (t1 - t0);
  }
}
