package dev.natsaga.framework.internal;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * When a consumer last made a successful pull: it received a message, or the server said nothing was waiting for
 * it. A consumer with messages waiting and no successful pull for a while has a stalled reader. And how long all its
 * handler threads have been busy with none finishing: handlers that hang hold every slot while messages wait.
 */
public final class ConsumerActivity {

  private final int handlerThreads;
  private final AtomicInteger handling = new AtomicInteger();
  private volatile long lastPullNanos = System.nanoTime();
  private volatile long pendingSinceNanos;
  private volatile long allBusySinceNanos;

  ConsumerActivity(int handlerThreads) {
    this.handlerThreads = handlerThreads;
  }

  /** A handler thread started on a message. */
  void handlerStarted() {
    if (handling.incrementAndGet() >= handlerThreads && allBusySinceNanos == 0) {
      allBusySinceNanos = System.nanoTime();
    }
  }

  /** A handler thread finished a message (whatever the outcome). */
  void handlerFinished() {
    allBusySinceNanos = 0;
    handling.decrementAndGet();
  }

  /** Milliseconds for which every handler thread has been busy with none finishing; 0 when one is free. */
  public long allHandlersBusyMillis() {
    long since = allBusySinceNanos;
    return since == 0 || handling.get() < handlerThreads ? 0 : (System.nanoTime() - since) / 1_000_000;
  }

  /** A message arrived. */
  void received() {
    lastPullNanos = System.nanoTime();
    pendingSinceNanos = 0;
  }

  /**
   * What the server reported: {@code waiting} messages not yet delivered to anyone. Returns how long this instance
   * has gone without a successful pull while messages were waiting, in milliseconds (0 when none wait).
   */
  public long observe(long waiting) {
    long now = System.nanoTime();
    if (waiting == 0) {
      lastPullNanos = now;
      pendingSinceNanos = 0;
      return 0;
    }
    if (pendingSinceNanos == 0) {
      pendingSinceNanos = now;
    }
    return (now - Math.max(lastPullNanos, pendingSinceNanos)) / 1_000_000;
  }

  /** Milliseconds since the last successful pull. */
  public long sinceLastPullMillis() {
    return (System.nanoTime() - lastPullNanos) / 1_000_000;
  }
}
