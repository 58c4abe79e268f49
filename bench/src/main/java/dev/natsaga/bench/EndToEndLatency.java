package dev.natsaga.bench;

import dev.natsaga.framework.EventPublisher;
import dev.natsaga.framework.HandlerRegistration;
import dev.natsaga.framework.OutgoingEvent;
import io.nats.client.MessageConsumer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Publish-to-handler latency at a fixed rate (1,000 events/s by default). One thread publishes
 * asynchronously on a fixed schedule and stamps each payload with its intended send time, so a
 * publisher that falls behind shows up as latency (no coordinated omission); the handler records
 * {@code nanoTime() - sentNanos} in the same JVM. Raw: jnats {@code publishAsync} and a raw durable
 * pull consumer ({@code consume()}, default options, Jackson binding, explicit ack). Framework:
 * {@code publishAsync} and a handler with default options.
 */
final class EndToEndLatency implements Measurement {

  private static final String[] NAMES = {"p50", "p99", "max"};

  @Override
  public String id() {
    return "latency";
  }

  private String name(int i, BenchConfig config) {
    return "e2e latency " + NAMES[i] + " @" + config.latencyRate() + "/s";
  }

  @Override
  public List<BenchRow> expectedRows() {
    BenchConfig c = BenchConfig.quick();
    return List.of(BenchRow.skipped(name(0, c), "ms", "lower", "not run"),
        BenchRow.skipped(name(1, c), "ms", "lower", "not run"),
        BenchRow.skipped(name(2, c), "ms", "lower", "not run"));
  }

  @Override
  public List<BenchRow> run(BenchContext ctx) throws Exception {
    Map<String, double[]> r = ctx.runSides(List.of(
        new BenchContext.Side("raw latency", false, () -> raw(ctx)),
        new BenchContext.Side("framework latency", true, () -> framework(ctx))));
    return List.of(
        Rows.pair(name(0, ctx.config()), "ms", "lower", r.get("framework latency"), r.get("raw latency"), 0),
        Rows.pair(name(1, ctx.config()), "ms", "lower", r.get("framework latency"), r.get("raw latency"), 1),
        Rows.pair(name(2, ctx.config()), "ms", "lower", r.get("framework latency"), r.get("raw latency"), 2));
  }

  /** The fixed-rate schedule: warm-up then measurement, and when measurement starts. */
  private record Schedule(long start, long period, long warmCount, long total) {
    static Schedule of(BenchConfig c) {
      long period = 1_000_000_000L / c.latencyRate();
      long warm = c.warmup().toNanos() / period;
      long measured = Math.max(1, c.measure().toNanos() / period);
      return new Schedule(System.nanoTime() + 20_000_000L, period, warm, warm + measured);
    }

    long at(long i) {
      return start + i * period;
    }

    long measureFrom() {
      return at(warmCount);
    }

    int measuredCount() {
      return (int) (total - warmCount);
    }
  }

  private static void parkUntil(long nanos) {
    long d;
    while ((d = nanos - System.nanoTime()) > 0) {
      LockSupport.parkNanos(d);
    }
  }

  private double[] raw(BenchContext ctx) throws Exception {
    try (RawClient raw = RawClient.create(ctx, ctx.freshEnv("lr"))) {
      String durable = "raw_latency";
      MessageConsumer consumer;
      Schedule s = Schedule.of(ctx.config());
      LatencyRecorder rec = new LatencyRecorder(s.measuredCount(), s.measureFrom());
      consumer = raw.connection.getStreamContext(raw.stream)
          .createOrUpdateConsumer(ConsumeThroughput.rawConsumer(durable, raw.subject))
          .consume(ConsumeThroughput.rawConsumeOptions(), msg -> {
            try {
              rec.record(raw.events.decode(msg.getData()).data().sentNanos());
              msg.ack();
            } catch (java.io.IOException e) {
              msg.term();
            }
          });
      Semaphore window = new Semaphore(PublishThroughput.WINDOW);
      LongAdder failed = new LongAdder();
      for (long i = 0; i < s.total(); i++) {
        long at = s.at(i);
        parkUntil(at);
        window.acquire();
        raw.jetStream.publishAsync(raw.events.message(raw.subject, Payloads.order(at))).whenComplete((a, e) -> {
          if (e != null) {
            failed.increment();
          }
          window.release();
        });
      }
      double[] result = finish(rec, s, failed);
      consumer.stop();
      consumer.close();
      return result;
    }
  }

  private double[] framework(BenchContext ctx) throws Exception {
    AtomicReference<LatencyRecorder> recorder = new AtomicReference<>();
    HandlerRegistration<Payloads.OrderPlaced> reg = HandlerRegistration
        .on(Payloads.TYPE, Payloads.OrderPlaced.class, event -> recorder.get().record(event.data().sentNanos()))
        .name("latency").build();
    try (FrameworkClient fw = FrameworkClient.start(ctx, ctx.freshEnv("lf"), List.of(reg))) {
      Schedule s = Schedule.of(ctx.config());
      recorder.set(new LatencyRecorder(s.measuredCount(), s.measureFrom()));
      EventPublisher publisher = fw.natsaga.publisher();
      LongAdder failed = new LongAdder();
      for (long i = 0; i < s.total(); i++) {
        long at = s.at(i);
        parkUntil(at);
        Payloads.OrderPlaced data = Payloads.order(at);
        publisher.publishAsync(OutgoingEvent.of(Payloads.TYPE, data).subject(data.orderId()).build())
            .whenComplete((a, e) -> {
              if (e != null) {
                failed.increment();
              }
            });
      }
      return finish(recorder.get(), s, failed);
    }
  }

  /** Waits up to 10 s for every message to be handled, then returns p50, p99 and max. */
  private static double[] finish(LatencyRecorder rec, Schedule s, LongAdder failed) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (rec.received() < s.total() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    if (failed.sum() > 0 || rec.received() < s.total()) {
      throw new IllegalStateException("latency run lost messages: " + failed.sum() + " publishes failed, "
          + rec.received() + " of " + s.total() + " handled");
    }
    return rec.percentilesMillis();
  }
}
