package dev.natsaga.bench;

import dev.natsaga.framework.EventPublisher;
import dev.natsaga.framework.HandlerRegistration;
import dev.natsaga.framework.OutgoingEvent;
import io.nats.client.MessageConsumer;
import java.time.Duration;
import java.util.List;
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
 * {@code publishAsync} and a handler with default options. Both pipelines stay open and take turns
 * in slices; a slice ends when all its messages were handled.
 */
final class EndToEndLatency implements Measurement {

  private static final String[] NAMES = {"p50", "p99", "max"};

  @Override
  public String id() {
    return "latency";
  }

  private static String name(int i, int rate) {
    return "e2e latency " + NAMES[i] + " @" + rate + "/s";
  }

  @Override
  public List<BenchRow> expectedRows() {
    int rate = BenchConfig.quick().latencyRate();
    return List.of(BenchRow.skipped(name(0, rate), "ms", "lower", "not run"),
        BenchRow.skipped(name(1, rate), "ms", "lower", "not run"),
        BenchRow.skipped(name(2, rate), "ms", "lower", "not run"));
  }

  @Override
  public List<BenchRow> run(BenchContext ctx) throws Exception {
    SideResults r = ctx.runSliced(List.of(
        new BenchContext.SlicedSide("raw latency", false, () -> new RawSession(ctx)),
        new BenchContext.SlicedSide("framework latency", true, () -> new FrameworkSession(ctx))));
    int rate = ctx.config().latencyRate();
    return List.of(
        Rows.pair(name(0, rate), "ms", "lower", r, "framework latency", "raw latency", 0),
        Rows.pair(name(1, rate), "ms", "lower", r, "framework latency", "raw latency", 1),
        Rows.pair(name(2, rate), "ms", "lower", r, "framework latency", "raw latency", 2));
  }

  /** Publishes on the fixed schedule and waits until every message of the slice was handled. */
  private abstract static class Paced implements BenchContext.Session {
    final LatencyRecorder recorder;
    final LongAdder failed = new LongAdder();
    private final long period;
    private long sent;

    Paced(BenchConfig c) {
      this.period = 1_000_000_000L / c.latencyRate();
      this.recorder = new LatencyRecorder((int) (c.measure().toNanos() / period + 1000));
    }

    @Override
    public final void run(Duration duration, boolean measured) throws Exception {
      recorder.measuring(measured);
      long count = Math.max(1, duration.toNanos() / period);
      long start = System.nanoTime() + 1_000_000L;
      for (long i = 0; i < count; i++) {
        long at = start + i * period;
        long d;
        while ((d = at - System.nanoTime()) > 0) {
          LockSupport.parkNanos(d);
        }
        publish(Payloads.order(at));
      }
      sent += count;
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (recorder.received() < sent && System.nanoTime() < deadline) {
        Thread.sleep(1);
      }
      recorder.measuring(false);
      if (failed.sum() > 0 || recorder.received() < sent) {
        throw new IllegalStateException("latency run lost messages: " + failed.sum() + " publishes failed, "
            + recorder.received() + " of " + sent + " handled");
      }
    }

    abstract void publish(Payloads.OrderPlaced data) throws Exception;

    @Override
    public double[] result() {
      return recorder.percentilesMillis();
    }
  }

  private static final class RawSession extends Paced {
    private final RawClient raw;
    private final MessageConsumer consumer;
    private final Semaphore window = new Semaphore(PublishThroughput.WINDOW);

    RawSession(BenchContext ctx) throws Exception {
      super(ctx.config());
      this.raw = RawClient.create(ctx, ctx.freshEnv("lr"));
      this.consumer = raw.connection.getStreamContext(raw.stream)
          .createOrUpdateConsumer(ConsumeThroughput.rawConsumer("raw_latency", raw.subject))
          .consume(ConsumeThroughput.rawConsumeOptions(), msg -> {
            try {
              recorder.record(raw.events.decode(msg.getData()).data().sentNanos());
              msg.ack();
            } catch (java.io.IOException e) {
              msg.term();
            }
          });
    }

    @Override
    void publish(Payloads.OrderPlaced data) throws InterruptedException {
      window.acquire();
      raw.jetStream.publishAsync(raw.events.message(raw.subject, data)).whenComplete((a, e) -> {
        if (e != null) {
          failed.increment();
        }
        window.release();
      });
    }

    @Override
    public void close() throws Exception {
      consumer.stop();
      consumer.close();
      raw.close();
    }
  }

  private static final class FrameworkSession extends Paced {
    private final FrameworkClient fw;
    private final EventPublisher publisher;

    FrameworkSession(BenchContext ctx) throws Exception {
      super(ctx.config());
      AtomicReference<LatencyRecorder> rec = new AtomicReference<>(recorder);
      HandlerRegistration<Payloads.OrderPlaced> reg = HandlerRegistration
          .onEvent(Payloads.TYPE, Payloads.OrderPlaced.class, event -> rec.get().record(event.data().sentNanos()))
          .name("latency").build();
      this.fw = FrameworkClient.start(ctx, ctx.freshEnv("lf"), List.of(reg));
      this.publisher = fw.natsaga.publisher();
    }

    @Override
    void publish(Payloads.OrderPlaced data) {
      publisher.publishAsync(OutgoingEvent.event(Payloads.TYPE, data).subject(data.orderId()).build())
          .whenComplete((a, e) -> {
            if (e != null) {
              failed.increment();
            }
          });
    }

    @Override
    public void close() throws InterruptedException {
      fw.close();
    }
  }
}
