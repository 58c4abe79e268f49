package dev.natsaga.framework.internal;

import io.nats.client.Message;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Keeps long-running deliveries alive: every third of the ack wait it sends {@code inProgress} for
 * each message a handler has held longer than that, so the server does not redeliver it to another
 * instance. One map insert and remove per message; no timer per message.
 */
public final class InProgressKeeper implements AutoCloseable {

  private final Map<Message, Long> started = new ConcurrentHashMap<>();
  private final long thresholdNanos;
  private final ScheduledFuture<?> task;

  public InProgressKeeper(Duration ackWait, ScheduledExecutorService scheduler) {
    long periodMs = Math.max(100, ackWait.toMillis() / 3);
    this.thresholdNanos = TimeUnit.MILLISECONDS.toNanos(periodMs);
    this.task = scheduler.scheduleAtFixedRate(this::touch, periodMs, periodMs, TimeUnit.MILLISECONDS);
  }

  public void begin(Message msg) {
    started.put(msg, System.nanoTime());
  }

  public void end(Message msg) {
    started.remove(msg);
  }

  private void touch() {
    long now = System.nanoTime();
    started.forEach((msg, t) -> {
      if (now - t >= thresholdNanos) {
        msg.inProgress();
      }
    });
  }

  @Override
  public void close() {
    task.cancel(false);
    started.clear();
  }
}
