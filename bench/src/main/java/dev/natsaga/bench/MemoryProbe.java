package dev.natsaga.bench;

import dev.natsaga.framework.EventPublisher;
import dev.natsaga.framework.HandlerRegistration;
import dev.natsaga.framework.OutgoingEvent;
import io.nats.client.MessageConsumer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The child JVM of {@link MemoryFootprint}: runs one side's saturated workload (asynchronous publish
 * from one thread while a handler consumes the same subject) and prints one line
 * {@code MEMORY <peak heap MB> <heap after GC MB> <VmHWM MB> <messages handled>}.
 *
 * <p>Usage: {@code java -cp natsaga-bench.jar dev.natsaga.bench.MemoryProbe raw|framework <url> <warmup ms> <measure ms>}
 */
public final class MemoryProbe {

  private MemoryProbe() {
  }

  public static void main(String[] args) throws Exception {
    boolean framework = args[0].equals("framework");
    Duration total = Duration.ofMillis(Long.parseLong(args[2]) + Long.parseLong(args[3]));
    BenchConfig config = BenchConfig.quick().withOnly(Set.of());
    HeapSampler sampler = HeapSampler.start();
    LongAdder handled = new LongAdder();
    try (BenchContext ctx = new BenchContext(args[1], config, System.err)) {
      if (framework) {
        framework(ctx, total, handled);
      } else {
        raw(ctx, total, handled);
      }
    }
    System.gc();
    double afterGc = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0;
    double peak = sampler.stop() / 1048576.0;
    System.out.printf(java.util.Locale.ROOT, "MEMORY %.3f %.3f %.3f %d%n", peak, afterGc, vmHwmKb() / 1024.0, handled.sum());
  }

  private static void raw(BenchContext ctx, Duration total, LongAdder handled) throws Exception {
    try (RawClient raw = RawClient.create(ctx, ctx.freshEnv("mr"))) {
      MessageConsumer consumer = raw.connection.getStreamContext(raw.stream)
          .createOrUpdateConsumer(ConsumeThroughput.rawConsumer("raw_memory", raw.subject))
          .consume(ConsumeThroughput.rawConsumeOptions(), msg -> {
            try {
              raw.events.decode(msg.getData());
              handled.increment();
              msg.ack();
            } catch (IOException e) {
              msg.term();
            }
          });
      Semaphore window = new Semaphore(PublishThroughput.WINDOW);
      long end = System.nanoTime() + total.toNanos();
      while (System.nanoTime() < end) {
        window.acquire();
        raw.jetStream.publishAsync(raw.events.message(raw.subject, Payloads.order(System.nanoTime())))
            .whenComplete((a, e) -> window.release());
      }
      window.tryAcquire(PublishThroughput.WINDOW, 30, TimeUnit.SECONDS);
      consumer.stop();
      consumer.close();
    }
  }

  private static void framework(BenchContext ctx, Duration total, LongAdder handled) throws Exception {
    HandlerRegistration<Payloads.OrderPlaced> reg = HandlerRegistration
        .onEvent(Payloads.TYPE, Payloads.OrderPlaced.class, event -> handled.increment()).name("memory").build();
    try (FrameworkClient fw = FrameworkClient.start(ctx, ctx.freshEnv("mf"), List.of(reg))) {
      EventPublisher publisher = fw.natsaga.publisher();
      long end = System.nanoTime() + total.toNanos();
      while (System.nanoTime() < end) {
        Payloads.OrderPlaced data = Payloads.order(System.nanoTime());
        publisher.publishAsync(OutgoingEvent.event(Payloads.TYPE, data).subject(data.orderId()).build());
      }
      publisher.awaitInFlight(Duration.ofSeconds(30));
    }
  }

  /** The process's peak resident set ({@code VmHWM} in /proc/self/status), in kB; 0 where there is none. */
  static long vmHwmKb() throws IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.exists(status)) {
      return 0;
    }
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return 0;
  }

  /** Samples the used heap every 5 ms and keeps the maximum. */
  static final class HeapSampler implements Runnable {
    private volatile boolean running = true;
    private volatile long max;
    private final Thread thread = new Thread(this, "heap-sampler");

    static HeapSampler start() {
      HeapSampler s = new HeapSampler();
      s.thread.setDaemon(true);
      s.thread.start();
      return s;
    }

    @Override
    public void run() {
      while (running) {
        max = Math.max(max, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    long stop() throws InterruptedException {
      running = false;
      thread.join();
      return Math.max(max, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
  }
}
