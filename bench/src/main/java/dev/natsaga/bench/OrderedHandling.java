package dev.natsaga.bench;

import dev.natsaga.framework.HandlerRegistration;
import dev.natsaga.framework.OutgoingEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Handling throughput of a handler ordered by key against the same handler unordered, both with concurrency 8 on one
 * instance: a pre-filled stream of events over 100 keys (CloudEvents subjects), timed from the consumer's start until
 * every event is handled. The "raw" column of this row is the unordered framework handler.
 */
final class OrderedHandling implements Measurement {

  static final String ROW = "handling ordered by key vs unordered (concurrency 8, 100 keys)";
  private static final int KEYS = 100;

  @Override
  public String id() {
    return "es-ordered";
  }

  @Override
  public List<BenchRow> expectedRows() {
    return List.of(BenchRow.skipped(ROW, "msgs/s", "higher", "not run"));
  }

  @Override
  public List<BenchRow> run(BenchContext ctx) throws Exception {
    Duration measure = ctx.config().measure();
    int events = measure.compareTo(Duration.ofSeconds(5)) >= 0 ? 50_000 : measure.compareTo(Duration.ofSeconds(1)) >= 0 ? 20_000 : 2_000;
    SideResults r = ctx.runSides(List.of(
        new BenchContext.Side("unordered handling", false, () -> new double[] {handle(ctx, events, false)}),
        new BenchContext.Side("ordered handling", true, () -> new double[] {handle(ctx, events, true)})));
    return List.of(Rows.pair(ROW, "msgs/s", "higher", r, "ordered handling", "unordered handling", 0)
        .withNote("raw column = the same framework handler without orderedByKey()"));
  }

  private static double handle(BenchContext ctx, int events, boolean ordered) throws Exception {
    String env = ctx.freshEnv(ordered ? "oo" : "ou");
    try (FrameworkClient producer = FrameworkClient.start(ctx, env, List.of())) {
      List<OutgoingEvent<?>> batch = new ArrayList<>();
      for (int i = 0; i < events; i++) {
        Payloads.OrderPlaced data = Payloads.order(i);
        batch.add(OutgoingEvent.event(Payloads.TYPE, data).subject("key-" + (i % KEYS)).build());
        if (batch.size() == 1000) {
          producer.natsaga.publisher().publishBatch(batch);
          batch.clear();
        }
      }
      LongAdder handled = new LongAdder();
      HandlerRegistration.Builder<Payloads.OrderPlaced> reg = HandlerRegistration.onEvent(Payloads.TYPE, Payloads.OrderPlaced.class,
          e -> handled.increment()).options(o -> o.withConcurrency(8));
      long t0 = System.nanoTime();
      try (FrameworkClient consumer = FrameworkClient.start(ctx, env, List.of((ordered ? reg.orderedByKey() : reg).build()), false)) {
        long deadline = t0 + Duration.ofMinutes(3).toNanos();
        while (handled.sum() < events && System.nanoTime() < deadline) {
          Thread.sleep(5);
        }
        if (handled.sum() < events) {
          throw new IllegalStateException("only " + handled.sum() + " of " + events + " events handled in 3 minutes");
        }
        return events * 1e9 / (System.nanoTime() - t0);
      }
    }
  }
}
