package dev.natsaga.bench;

import dev.natsaga.framework.EventType;
import dev.natsaga.framework.HandlerRegistration;
import dev.natsaga.framework.Json;
import dev.natsaga.framework.payload.PayloadStage;
import dev.natsaga.schema.ClasspathSchemas;
import dev.natsaga.schema.SchemaCatalog;
import dev.natsaga.schema.SchemaDocument;
import dev.natsaga.schema.SchemaValidation;
import dev.natsaga.schema.UnknownTypes;
import io.nats.client.ConsumeOptions;
import io.nats.client.ConsumerContext;
import io.nats.client.MessageConsumer;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Consume-and-ack throughput from one pre-filled stream; each side reads it from the start with its
 * own durable consumer, and the sides take turns in slices (a side's consumer is started for its
 * slice and stopped after it; starting is not timed). Raw: a jnats durable pull consumer with the
 * framework's consumer configuration (explicit ack, ack wait 30 s, max ack pending 1,000), the
 * simplified API's {@code consume()} with jnats' default options, the handler binding the envelope
 * and payload with Jackson and acking. Framework: a {@link HandlerRegistration} with default options
 * (4 handler threads), plain and {@code idempotent()} (JetStream KV claim and completion per message).
 */
final class ConsumeThroughput implements Measurement {

  static final String PLAIN = "consume + ack";
  static final String IDEMPOTENT = "consume + ack, idempotent";
  private static final long MAX_PREFILL = 6_000_000;
  static final String OBSERVED = "consume + ack: observability on / off";
  static final String VALIDATED = "consume + ack: schema validation on / off";
  private static final int VALIDATOR_WARMUP = 50_000;
  private final AtomicInteger durables = new AtomicInteger();
  private final Variant variant;

  /** What a run compares. */
  enum Variant {
    /** The framework (plain and idempotent) against raw jnats. */
    RAW,
    /** The framework with observability on against off. */
    OBSERVED,
    /** The framework with JSON Schema validation of every event (natsaga-schema) on against off. */
    VALIDATED
  }

  ConsumeThroughput() {
    this(Variant.RAW);
  }

  ConsumeThroughput(Variant variant) {
    this.variant = variant;
  }

  @Override
  public String id() {
    return switch (variant) {
      case RAW -> "consume";
      case OBSERVED -> "consume-observed";
      case VALIDATED -> "consume-validated";
    };
  }

  @Override
  public List<BenchRow> expectedRows() {
    if (variant != Variant.RAW) {
      return List.of(BenchRow.skipped(variant == Variant.OBSERVED ? OBSERVED : VALIDATED, "msgs/s", "higher", "not run"));
    }
    return List.of(BenchRow.skipped(PLAIN, "msgs/s", "higher", "not run"),
        BenchRow.skipped(IDEMPOTENT, "msgs/s", "higher", "not run"));
  }

  @Override
  public List<BenchRow> run(BenchContext ctx) throws Exception {
    String env = ctx.freshEnv("cs");
    try (RawClient stream = RawClient.create(ctx, env)) {
      long total = prefill(ctx, stream);
      if (variant == Variant.OBSERVED) {
        SideResults r = ctx.runSliced(List.of(
            new BenchContext.SlicedSide("framework consume off", true, () -> new FrameworkSession(ctx, env, total, false, false)),
            new BenchContext.SlicedSide("framework consume on", true, () -> new FrameworkSession(ctx, env, total, false, true))));
        return List.of(Rows.pair(OBSERVED, "msgs/s", "higher", r, "framework consume on", "framework consume off", 0)
            .withNote("both sides are the framework: the ratio is the cost of metrics and tracing"));
      }
      if (variant == Variant.VALIDATED) {
        SideResults r = ctx.runSliced(List.of(
            new BenchContext.SlicedSide("framework consume unvalidated", true, () -> new FrameworkSession(ctx, env, total, false, false)),
            new BenchContext.SlicedSide("framework consume validated", true, () -> new FrameworkSession(ctx, env, total, false, false)
                .validated())));
        return List.of(Rows.pair(VALIDATED, "msgs/s", "higher", r, "framework consume validated", "framework consume unvalidated", 0)
            .withNote("both sides are the framework: the ratio is the cost of a JSON Schema (draft 2020-12) check per event"));
      }
      SideResults r = ctx.runSliced(List.of(
          new BenchContext.SlicedSide("raw consume", false, () -> new RawSession(ctx, env, total)),
          new BenchContext.SlicedSide("framework consume", true, () -> new FrameworkSession(ctx, env, total, false, false)),
          new BenchContext.SlicedSide("framework consume idempotent", true, () -> new FrameworkSession(ctx, env, total, true, false))));
      BenchRow idempotent = Rows.pair(IDEMPOTENT, "msgs/s", "higher", r, "framework consume idempotent", "raw consume", 0)
          .withNote("raw twin is the plain raw consumer: the ratio is the whole cost of exactly-once handling");
      return List.of(Rows.pair(PLAIN, "msgs/s", "higher", r, "framework consume", "raw consume", 0), idempotent);
    } finally {
      String prefix = env.toUpperCase().replace('-', '_');
      ctx.deleteStreams(prefix + "_DLQ", "KV_" + prefix + "_IDEMPOTENCY");
    }
  }

  /**
   * Fills the stream for four times warm-up + window, raw async with the framework's window: raw
   * consumes up to about three times as fast as it publishes here, and a side must not run dry
   * before its measured slices.
   */
  private static long prefill(BenchContext ctx, RawClient raw) throws InterruptedException {
    Duration fill = ctx.config().warmup().plus(ctx.config().measure()).multipliedBy(4);
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
    ctx.log("pre-filled %s with %,d messages in %.1f s", raw.stream, sent, fill.toMillis() / 1000.0);
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

  private final class RawSession implements BenchContext.Session {
    private final BenchContext ctx;
    private final RawClient raw;
    private final String durable = "raw_" + durables.incrementAndGet();
    private final ConsumerContext consumer;
    private final ConsumeCounter counter;
    private final LongAdder errors = new LongAdder();
    private final RawWorkers workers = RawWorkers.fromProperty();

    RawSession(BenchContext ctx, String env, long total) throws Exception {
      this.ctx = ctx;
      this.raw = RawClient.attach(ctx, env);
      this.consumer = raw.connection.getStreamContext(raw.stream).createOrUpdateConsumer(rawConsumer(durable, raw.subject));
      this.counter = new ConsumeCounter(total);
    }

    @Override
    public void run(Duration duration, boolean measured) throws Exception {
      if (counter.drained()) {
        return;
      }
      MessageConsumer mc = consumer.consume(rawConsumeOptions(), msg -> workers.run(() -> {
        try {
          raw.events.decode(msg.getData());
          counter.hit();
          msg.ack();
        } catch (java.io.IOException e) {
          errors.increment();
          msg.term();
        }
      }));
      try {
        counter.slice(duration, measured);
      } finally {
        mc.stop();
        mc.close();
      }
      if (errors.sum() > 0) {
        throw new IllegalStateException(errors.sum() + " messages did not decode");
      }
    }

    @Override
    public double[] result() {
      return new double[] {counter.rate()};
    }

    @Override
    public void close() throws Exception {
      workers.close();
      raw.close();
      ctx.management().deleteConsumer(raw.stream, durable);
    }
  }

  private final class FrameworkSession implements BenchContext.Session {
    private final BenchContext ctx;
    private final String env;
    private final ConsumeCounter counter;
    private final HandlerRegistration<Payloads.OrderPlaced> registration;
    private final boolean observed;
    private List<PayloadStage> stages = List.of();

    FrameworkSession(BenchContext ctx, String env, long total, boolean idempotent, boolean observed) {
      this.observed = observed;
      this.ctx = ctx;
      this.env = env;
      this.counter = new ConsumeCounter(total);
      HandlerRegistration.Builder<Payloads.OrderPlaced> b = HandlerRegistration
          .onEvent(Payloads.TYPE, Payloads.OrderPlaced.class, event -> counter.hit())
          .name("consume_" + durables.incrementAndGet());
      this.registration = (idempotent ? b.idempotent() : b).build();
    }

    /**
     * Validates every event against {@code schemas/bench.order.placed.v1.json} before the handler binds it. The
     * validator is compiled and run on a sample {@value #VALIDATOR_WARMUP} times while the session opens (not timed), so
     * the slices measure a JIT-compiled validator as a long-running consumer has it, not the interpreter: a quick run's
     * one-second warm-up at a few thousand events a second does not get there.
     */
    FrameworkSession validated() {
      SchemaCatalog catalog = SchemaCatalog.of(ClasspathSchemas.load());
      SchemaDocument doc = catalog.require(EventType.parse(Payloads.TYPE));
      byte[] sample = Json.mapper().valueToTree(Payloads.order(1)).toString().getBytes(StandardCharsets.UTF_8);
      for (int i = 0; i < VALIDATOR_WARMUP; i++) {
        if (!catalog.validate(doc, sample).isEmpty()) {
          throw new IllegalStateException("the bench payload breaks its schema: " + catalog.validate(doc, sample));
        }
      }
      this.stages = List.of(new SchemaValidation(catalog, UnknownTypes.REFUSE));
      return this;
    }

    @Override
    public void run(Duration duration, boolean measured) throws Exception {
      if (counter.drained()) {
        return;
      }
      FrameworkClient fw = FrameworkClient.start(ctx, env, List.of(registration), false, observed, stages);
      try {
        counter.slice(duration, measured);
      } finally {
        long t = System.nanoTime();
        fw.close();
        long ms = (System.nanoTime() - t) / 1_000_000;
        if (ms > 1000) {
          ctx.log("note: Natsaga.close() of %s took %d ms", registration.durableName(Payloads.SERVICE), ms);
        }
      }
    }

    @Override
    public double[] result() {
      return new double[] {counter.rate()};
    }

    @Override
    public void close() throws Exception {
      ctx.management().deleteConsumer(RawClient.streamName(env), registration.durableName(Payloads.SERVICE));
    }
  }
}
