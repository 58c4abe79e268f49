package dev.natsaga.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/** Garbage collections and their time while one side was active (the JVM's collectors, summed). */
final class GcMeter {

  private long count;
  private long millis;
  private long count0;
  private long millis0;

  void start() {
    count0 = totalCount();
    millis0 = totalMillis();
  }

  void stop() {
    count += totalCount() - count0;
    millis += totalMillis() - millis0;
  }

  @Override
  public String toString() {
    return "gc " + count + " collections, " + millis + " ms";
  }

  private static long totalCount() {
    long n = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      n += Math.max(0, gc.getCollectionCount());
    }
    return n;
  }

  private static long totalMillis() {
    long n = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      n += Math.max(0, gc.getCollectionTime());
    }
    return n;
  }
}
