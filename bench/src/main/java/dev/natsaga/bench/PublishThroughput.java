package dev.natsaga.bench;

import dev.natsaga.framework.EventPublisher;
import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.framework.config.PublisherOptions;
import io.nats.client.JetStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Publish throughput of one thread, asynchronous (a bounded window of in-flight acks) or synchronous
 * (wait for each ack). Raw: jnats {@code publishAsync}/{@code publish} of the same structured
 * CloudEvent with a fresh id and {@code Nats-Msg-Id}, behind a semaphore as wide as the framework's
 * default window. Framework: {@code EventPublisher.publishAsync}/{@code publish} of an
 * {@code OutgoingEvent} built per message. Both sides stay open and alternate in slices; a slice
 * ends when its last ack is in, and its rate is acks / (slice + drain).
 */
final class PublishThroughput implements Measurement {

  static final int WINDOW = PublisherOptions.defaults().maxInFlight();
  private final boolean async;
  private final boolean observed;

  PublishThroughput(boolean async) {
    this(async, false);
  }

  /** @param observed compare the framework with observability on (as "framework") against off (as "raw"), not raw jnats */
  PublishThroughput(boolean async, boolean observed) {
    this.async = async;
    this.observed = observed;
  }

  @Override
  public String id() {
    return (async ? "publish-async" : "publish-sync") + (observed ? "-observed" : "");
  }

  private String rowName() {
    String name = async ? "publish async (window " + WINDOW + ")" : "publish sync";
    return observed ? name + ": observability on / off" : name;
  }

  @Override
  public List<BenchRow> expectedRows() {
    return List.of(BenchRow.skipped(rowName(), "msgs/s", "higher", "not run"));
  }

  @Override
  public List<BenchRow> run(BenchContext ctx) throws Exception {
    if (observed) {
      SideResults r = ctx.runSliced(List.of(
          new BenchContext.SlicedSide("framework " + id() + " off", true, () -> new FrameworkSession(ctx, false)),
          new BenchContext.SlicedSide("framework " + id() + " on", true, () -> new FrameworkSession(ctx, true))));
      return List.of(Rows.pair(rowName(), "msgs/s", "higher", r, "framework " + id() + " on", "framework " + id() + " off", 0)
          .withNote("both sides are the framework: the ratio is the cost of metrics and tracing"));
    }
    SideResults r = ctx.runSliced(List.of(
        new BenchContext.SlicedSide("raw " + id(), false, () -> new RawSession(ctx)),
        new BenchContext.SlicedSide("framework " + id(), true, () -> new FrameworkSession(ctx, false))));
    return List.of(Rows.pair(rowName(), "msgs/s", "higher", r, "framework " + id(), "raw " + id(), 0));
  }

  /** Counts acks over measured slices. */
  private abstract static class Counting implements BenchContext.Session {
    final LongAdder acked = new LongAdder();
    final LongAdder failed = new LongAdder();
    private long ops;
    private long nanos;

    @Override
    public final void run(Duration duration, boolean measured) throws Exception {
      long a0 = acked.sum();
      long t0 = System.nanoTime();
      long end = t0 + duration.toNanos();
      while (System.nanoTime() < end) {
        publishOne();
      }
      drain();
      if (failed.sum() > 0) {
        throw new IllegalStateException(failed.sum() + " publishes failed");
      }
      if (measured) {
        ops += acked.sum() - a0;
        nanos += System.nanoTime() - t0;
      }
    }

    abstract void publishOne() throws Exception;

    abstract void drain() throws Exception;

    @Override
    public double[] result() {
      return new double[] {ops * 1e9 / nanos};
    }
  }

  private final class RawSession extends Counting {
    private final RawClient raw;
    private final JetStream js;
    private final Semaphore window = new Semaphore(WINDOW);

    RawSession(BenchContext ctx) throws Exception {
      this.raw = RawClient.create(ctx, ctx.freshEnv("pr"));
      this.js = raw.jetStream;
    }

    @Override
    void publishOne() throws Exception {
      if (async) {
        window.acquire();
        js.publishAsync(raw.events.message(raw.subject, Payloads.order(System.nanoTime()))).whenComplete((ack, e) -> {
          (e == null ? acked : failed).increment();
          window.release();
        });
      } else {
        js.publish(raw.events.message(raw.subject, Payloads.order(System.nanoTime())));
        acked.increment();
      }
    }

    @Override
    void drain() throws InterruptedException {
      if (!window.tryAcquire(WINDOW, 30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("raw async publishes still in flight after 30 s");
      }
      window.release(WINDOW);
    }

    @Override
    public void close() throws InterruptedException {
      raw.close();
    }
  }

  private final class FrameworkSession extends Counting {
    private final FrameworkClient fw;
    private final EventPublisher publisher;

    FrameworkSession(BenchContext ctx, boolean observed) throws Exception {
      this.fw = FrameworkClient.start(ctx, ctx.freshEnv("pf"), List.of(), true, observed);
      this.publisher = fw.natsaga.publisher();
    }

    @Override
    void publishOne() {
      Payloads.OrderPlaced data = Payloads.order(System.nanoTime());
      OutgoingEvent<Payloads.OrderPlaced> event = OutgoingEvent.event(Payloads.TYPE, data).subject(data.orderId()).build();
      if (async) {
        publisher.publishAsync(event).whenComplete((ack, e) -> (e == null ? acked : failed).increment());
      } else {
        publisher.publish(event);
        acked.increment();
      }
    }

    @Override
    void drain() throws InterruptedException {
      publisher.awaitInFlight(Duration.ofSeconds(30));
    }

    @Override
    public void close() throws InterruptedException {
      fw.close();
    }
  }
}
