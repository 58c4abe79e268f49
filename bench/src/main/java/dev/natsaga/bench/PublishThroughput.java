package dev.natsaga.bench;

import dev.natsaga.framework.EventPublisher;
import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.framework.config.PublisherOptions;
import io.nats.client.JetStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Publish throughput of one thread, asynchronous (a bounded window of in-flight acks) or synchronous
 * (wait for each ack). Raw: jnats {@code publishAsync}/{@code publish} of the same structured
 * CloudEvent with a fresh id and {@code Nats-Msg-Id}, behind a semaphore as wide as the framework's
 * default window. Framework: {@code EventPublisher.publishAsync}/{@code publish} of an
 * {@code OutgoingEvent} built per message. Acks counted inside the window after the warm-up.
 */
final class PublishThroughput implements Measurement {

  static final int WINDOW = PublisherOptions.defaults().maxInFlight();
  private final boolean async;

  PublishThroughput(boolean async) {
    this.async = async;
  }

  @Override
  public String id() {
    return async ? "publish-async" : "publish-sync";
  }

  private String rowName() {
    return async ? "publish async (window " + WINDOW + ")" : "publish sync";
  }

  @Override
  public List<BenchRow> expectedRows() {
    return List.of(BenchRow.skipped(rowName(), "msgs/s", "higher", "not run"));
  }

  @Override
  public List<BenchRow> run(BenchContext ctx) throws Exception {
    Map<String, double[]> r = ctx.runSides(List.of(
        new BenchContext.Side("raw " + id(), false, () -> new double[] {raw(ctx)}),
        new BenchContext.Side("framework " + id(), true, () -> new double[] {framework(ctx)})));
    return List.of(Rows.pair(rowName(), "msgs/s", "higher", r.get("framework " + id()), r.get("raw " + id()), 0));
  }

  private double raw(BenchContext ctx) throws Exception {
    try (RawClient raw = RawClient.create(ctx, ctx.freshEnv("pr"))) {
      LongAdder acked = new LongAdder();
      LongAdder failed = new LongAdder();
      Window w = new Window(acked, ctx.config().warmup(), ctx.config().measure());
      JetStream js = raw.jetStream;
      if (async) {
        Semaphore window = new Semaphore(WINDOW);
        while (w.tick()) {
          window.acquire();
          js.publishAsync(raw.events.message(raw.subject, Payloads.order(System.nanoTime()))).whenComplete((ack, e) -> {
            (e == null ? acked : failed).increment();
            window.release();
          });
        }
        if (!window.tryAcquire(WINDOW, 30, TimeUnit.SECONDS)) {
          throw new IllegalStateException("raw async publishes still in flight after 30 s");
        }
      } else {
        while (w.tick()) {
          js.publish(raw.events.message(raw.subject, Payloads.order(System.nanoTime())));
          acked.increment();
        }
      }
      check(failed);
      return w.rate();
    }
  }

  private double framework(BenchContext ctx) throws Exception {
    try (FrameworkClient fw = FrameworkClient.start(ctx, ctx.freshEnv("pf"), List.of())) {
      EventPublisher publisher = fw.natsaga.publisher();
      LongAdder acked = new LongAdder();
      LongAdder failed = new LongAdder();
      Window w = new Window(acked, ctx.config().warmup(), ctx.config().measure());
      while (w.tick()) {
        Payloads.OrderPlaced data = Payloads.order(System.nanoTime());
        OutgoingEvent<Payloads.OrderPlaced> event = OutgoingEvent.of(Payloads.TYPE, data).subject(data.orderId()).build();
        if (async) {
          publisher.publishAsync(event).whenComplete((ack, e) -> (e == null ? acked : failed).increment());
        } else {
          publisher.publish(event);
          acked.increment();
        }
      }
      publisher.awaitInFlight(java.time.Duration.ofSeconds(30));
      check(failed);
      return w.rate();
    }
  }

  private static void check(LongAdder failed) {
    if (failed.sum() > 0) {
      throw new IllegalStateException(failed.sum() + " publishes failed");
    }
  }
}
