package dev.natsaga.bench;

import dev.natsaga.eventstore.AggregateKey;
import dev.natsaga.eventstore.AggregateRepository;
import dev.natsaga.eventstore.AggregateRoot;
import dev.natsaga.eventstore.EventStore;
import dev.natsaga.eventstore.EventStoreOptions;
import dev.natsaga.eventstore.SnapshotStore;
import io.nats.client.Connection;
import java.util.ArrayList;
import java.util.List;

/**
 * Loading one aggregate of 1,000 events through an {@link AggregateRepository}: all events replayed (batched direct
 * get, decode, apply), or the snapshot taken at version 1,000 plus the (empty) tail. Loads one after the other for the
 * measurement window; rows are the p99 of the load time.
 */
final class EventStoreLoad implements Measurement {

  static final String NO_SNAPSHOT = "aggregate load p99, 1,000 events, no snapshot";
  static final String SNAPSHOT = "aggregate load p99, 1,000 events, with snapshot";
  private static final int EVENTS = 1000;

  @Override
  public String id() {
    return "es-load";
  }

  @Override
  public List<BenchRow> expectedRows() {
    return List.of(BenchRow.skipped(NO_SNAPSHOT, "ms", "lower", "not run"), BenchRow.skipped(SNAPSHOT, "ms", "lower", "not run"));
  }

  @Override
  public List<BenchRow> run(BenchContext ctx) throws Exception {
    String env = ctx.freshEnv("el");
    try (Connection nc = BenchContext.connect(ctx.serverUrl(), "bench-es-load")) {
      EventStore store = EventStore.create(nc, EventStoreOptions.builder().environment(env).serviceName(Payloads.SERVICE).build());
      store.ensureStream(Payloads.DOMAIN);
      SnapshotStore snapshots = SnapshotStore.create(nc, env, 1);
      AggregateRepository<Order> withSnapshots = AggregateRepository.builder(store, Order::new).snapshots(snapshots, EVENTS).build();
      AggregateRepository<Order> plain = AggregateRepository.builder(store, Order::new).build();
      Order order = plain.load("o-1");
      for (int i = 0; i < EVENTS; i++) {
        order.place();
      }
      withSnapshots.save(order);
      if (withSnapshots.load("o-1").state() != EVENTS || plain.load("o-1").state() != EVENTS) {
        throw new IllegalStateException("the aggregate did not load with " + EVENTS + " events");
      }
      double noSnapshot = p99(ctx, plain);
      double snapshot = p99(ctx, withSnapshots);
      ctx.log("aggregate load p99: %.2f ms without, %.2f ms with a snapshot", noSnapshot, snapshot);
      return List.of(BenchRow.frameworkOnly(NO_SNAPSHOT, "ms", "lower", noSnapshot),
          BenchRow.frameworkOnly(SNAPSHOT, "ms", "lower", snapshot));
    } finally {
      String prefix = env.toUpperCase().replace('-', '_');
      ctx.deleteStreams(RawClient.streamName(env), "KV_" + prefix + "_SNAPSHOTS_BENCH_ORDER");
    }
  }

  private static double p99(BenchContext ctx, AggregateRepository<Order> repo) {
    long end = System.nanoTime() + ctx.config().warmup().toNanos();
    while (System.nanoTime() < end) {
      repo.load("o-1");
    }
    List<Long> times = new ArrayList<>();
    int minimum = ctx.config().measure().compareTo(java.time.Duration.ofSeconds(1)) >= 0 ? 100 : 5;
    end = System.nanoTime() + ctx.config().measure().toNanos();
    while (System.nanoTime() < end || times.size() < minimum) {
      long t = System.nanoTime();
      repo.load("o-1");
      times.add(System.nanoTime() - t);
    }
    long[] sorted = times.stream().mapToLong(Long::longValue).sorted().toArray();
    return Stats.percentile(sorted, 99) / 1e6;
  }

  /** The bench aggregate: its state counts the orders placed. */
  static final class Order extends AggregateRoot<Integer> {
    Order(String id) {
      super(AggregateKey.of("bench.order", id), 0, Integer.class);
      on(Payloads.TYPE, Payloads.OrderPlaced.class, (count, e) -> count + 1);
    }

    void place() {
      raise(Payloads.TYPE, Payloads.order(System.nanoTime()));
    }
  }
}
