package dev.natsaga.bench;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** Records publish-to-handler latencies while {@link #measuring(boolean)} is on. */
final class LatencyRecorder {

  private final long[] samples;
  private final AtomicInteger size = new AtomicInteger();
  private final LongAdder received = new LongAdder();
  private volatile boolean measuring;

  LatencyRecorder(int capacity) {
    this.samples = new long[capacity];
  }

  void measuring(boolean on) {
    measuring = on;
  }

  /** Called by a handler with the message's intended send time. */
  void record(long sentNanos) {
    long latency = System.nanoTime() - sentNanos;
    if (measuring) {
      int i = size.getAndIncrement();
      if (i < samples.length) {
        samples[i] = latency;
      }
    }
    received.increment();
  }

  long received() {
    return received.sum();
  }

  /** p50, p99 and max in milliseconds. */
  double[] percentilesMillis() {
    long[] sorted = Arrays.copyOf(samples, Math.min(size.get(), samples.length));
    Arrays.sort(sorted);
    return new double[] {Stats.percentile(sorted, 50) / 1e6, Stats.percentile(sorted, 99) / 1e6, sorted[sorted.length - 1] / 1e6};
  }
}
