package dev.natsaga.framework.internal;

import io.nats.client.Message;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The handler threads of one consumer: a shared pool, or (per-key ordering) {@code n} single-thread lanes where a
 * message goes to the lane of its key's hash, so one key's messages run one at a time in arrival order while other
 * keys run on the other lanes.
 */
public final class Workers {

  private final ExecutorService[] lanes;
  private final Function<Message, String> keyOf;

  private Workers(ExecutorService[] lanes, Function<Message, String> keyOf) {
    this.lanes = lanes;
    this.keyOf = keyOf;
  }

  /** {@code threads} threads taking any message. */
  public static Workers pool(int threads, String name) {
    return new Workers(new ExecutorService[] {Executors.newFixedThreadPool(threads, NamedThreads.factory(name))}, null);
  }

  /** {@code lanes} single-thread lanes chosen by {@code keyOf(message)}. */
  public static Workers lanes(int lanes, String name, Function<Message, String> keyOf) {
    ExecutorService[] executors = new ExecutorService[lanes];
    for (int i = 0; i < lanes; i++) {
      executors[i] = Executors.newSingleThreadExecutor(NamedThreads.factory(name + "-lane" + i));
    }
    return new Workers(executors, keyOf);
  }

  /** Runs {@code task} for {@code msg}; RejectedExecutionException once shut down. */
  public void execute(Message msg, Runnable task) {
    lane(msg).execute(task);
  }

  private ExecutorService lane(Message msg) {
    if (keyOf == null) {
      return lanes[0];
    }
    String key = keyOf.apply(msg);
    return lanes[Math.floorMod(key == null ? 0 : key.hashCode(), lanes.length)];
  }

  public void shutdown() {
    for (ExecutorService e : lanes) {
      e.shutdown();
    }
  }

  /** Waits for every lane's tasks; true when all finished within {@code millis} in total. */
  public boolean awaitTermination(long millis, TimeUnit unit) throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(millis);
    for (ExecutorService e : lanes) {
      if (!e.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        return false;
      }
    }
    return true;
  }
}
