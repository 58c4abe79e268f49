package dev.natsaga.bench;

import dev.natsaga.framework.HandlerRegistration;
import io.nats.client.ConsumeOptions;
import io.nats.client.ConsumerContext;
import io.nats.client.MessageConsumer;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Consume-and-ack throughput from one pre-filled stream; each side reads it from the start with its
 * own new durable consumer. Raw: a jnats durable pull consumer with the framework's consumer
 * configuration (explicit ack, ack wait 30 s, max ack pending 1,000), the simplified API's
 * {@code consume()} with jnats' default options, the handler binding the envelope and payload with
 * Jackson and acking. Framework: a {@link HandlerRegistration} with default options (4 handler
 * threads), plain and {@code idempotent()} (JetStream KV claim and completion per message).
 */
final class ConsumeThroughput implements Measurement {

  static final String PLAIN = "consume + ack";
  static final String IDEMPOTENT = "consume + ack, idempotent";
  private static final long MAX_PREFILL = 5_000_000;
  private final AtomicInteger durables = new AtomicInteger();

  @Override
  public String id() {
    return "consume";
  }

  @Override
  public List<BenchRow> expectedRows() {
    return List.of(BenchRow.skipped(PLAIN, "msgs/s", "higher", "not run"),
        BenchRow.skipped(IDEMPOTENT, "msgs/s", "higher", "not run"));
  }

  @Override
  public List<BenchRow> run(BenchContext ctx) throws Exception {
    String env = ctx.freshEnv("cs");
    try (RawClient stream = RawClient.create(ctx, env)) {
      long total = prefill(ctx, stream);
      Map<String, double[]> r = ctx.runSides(List.of(
          new BenchContext.Side("raw consume", false, () -> new double[] {raw(ctx, env, total)}),
          new BenchContext.Side("framework consume", true, () -> new double[] {framework(ctx, env, total, false)}),
          new BenchContext.Side("framework consume idempotent", true, () -> new double[] {framework(ctx, env, total, true)})));
      BenchRow idempotent = Rows.pair(IDEMPOTENT, "msgs/s", "higher", r.get("framework consume idempotent"), r.get("raw consume"), 0)
          .withNote("raw twin is the plain raw consumer: the ratio is the whole cost of exactly-once handling");
      return List.of(Rows.pair(PLAIN, "msgs/s", "higher", r.get("framework consume"), r.get("raw consume"), 0), idempotent);
    }
  }

  /** Fills the stream for twice the time a side runs (warm-up + window), raw async with the same window. */
  private static long prefill(BenchContext ctx, RawClient raw) throws InterruptedException {
    Duration fill = ctx.config().warmup().plus(ctx.config().measure()).multipliedBy(2);
    long end = System.nanoTime() + fill.toNanos();
    Semaphore window = new Semaphore(PublishThroughput.WINDOW);
    LongAdder failed = new LongAdder();
    long sent = 0;
    while (System.nanoTime() < end && sent < MAX_PREFILL) {
      window.acquire();
      raw.jetStream.publishAsync(raw.events.message(raw.subject, Payloads.order(System.nanoTime()))).whenComplete((a, e) -> {
        if (e != null) {
          failed.increment();
        }
        window.release();
      });
      sent++;
    }
    if (!window.tryAcquire(PublishThroughput.WINDOW, 30, TimeUnit.SECONDS) || failed.sum() > 0) {
      throw new IllegalStateException("pre-filling the stream failed: " + failed.sum() + " publishes failed or timed out");
    }
    ctx.log("pre-filled %s with %,d messages in %d s", raw.stream, sent, fill.toSeconds());
    return sent;
  }

  /**
   * jnats' default consume options. Diagnostic knob (never set by run.sh): {@code -Dbench.raw.batch=N}
   * sets the pull batch size, e.g. 64 to match the framework's.
   */
  static ConsumeOptions rawConsumeOptions() {
    String batch = System.getProperty("bench.raw.batch");
    return batch == null ? ConsumeOptions.DEFAULT_CONSUME_OPTIONS
        : ConsumeOptions.builder().batchSize(Integer.parseInt(batch)).expiresIn(5000).build();
  }

  static ConsumerConfiguration rawConsumer(String durable, String subject) {
    return ConsumerConfiguration.builder()
        .durable(durable)
        .filterSubject(subject)
        .ackPolicy(AckPolicy.Explicit)
        .deliverPolicy(DeliverPolicy.All)
        .ackWait(Duration.ofSeconds(30))
        .maxDeliver(6)
        .maxAckPending(1000)
        .build();
  }

  private double raw(BenchContext ctx, String env, long total) throws Exception {
    String durable = "raw_" + durables.incrementAndGet();
    ConsumeCounter counter = new ConsumeCounter(total);
    LongAdder errors = new LongAdder();
    RawWorkers workers = RawWorkers.fromProperty();
    try (RawClient raw = RawClient.attach(ctx, env)) {
      ConsumerContext cc = raw.connection.getStreamContext(raw.stream).createOrUpdateConsumer(rawConsumer(durable, raw.subject));
      MessageConsumer consumer = cc.consume(rawConsumeOptions(), msg -> workers.run(() -> {
        try {
          raw.events.decode(msg.getData());
          counter.hit();
          msg.ack();
        } catch (java.io.IOException e) {
          errors.increment();
          msg.term();
        }
      }));
      double rate = counter.rate(ctx.config().warmup(), ctx.config().measure());
      consumer.stop();
      consumer.close();
      workers.close();
      ctx.management().deleteConsumer(raw.stream, durable);
      if (errors.sum() > 0) {
        throw new IllegalStateException(errors.sum() + " messages did not decode");
      }
      return rate;
    }
  }

  private double framework(BenchContext ctx, String env, long total, boolean idempotent) throws Exception {
    ConsumeCounter counter = new ConsumeCounter(total);
    HandlerRegistration.Builder<Payloads.OrderPlaced> b = HandlerRegistration
        .on(Payloads.TYPE, Payloads.OrderPlaced.class, event -> counter.hit())
        .name("consume_" + durables.incrementAndGet());
    HandlerRegistration<Payloads.OrderPlaced> reg = (idempotent ? b.idempotent() : b).build();
    double rate;
    try (FrameworkClient fw = FrameworkClient.start(ctx, env, List.of(reg), false)) {
      rate = counter.rate(ctx.config().warmup(), ctx.config().measure());
    }
    ctx.management().deleteConsumer(RawClient.streamName(env), reg.durableName(Payloads.SERVICE));
    return rate;
  }
}
