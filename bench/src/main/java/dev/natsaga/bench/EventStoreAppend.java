package dev.natsaga.bench;

import dev.natsaga.eventstore.AggregateKey;
import dev.natsaga.eventstore.EventStore;
import dev.natsaga.eventstore.EventStoreOptions;
import dev.natsaga.framework.OutgoingEvent;
import io.nats.client.PublishOptions;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.NatsMessage;
import java.time.Duration;
import java.util.List;

/**
 * Appends with an expected version, one aggregate, one thread, each append waiting for its ack (the next one needs
 * the version). Raw: jnats {@code publish} of the same structured CloudEvent on the aggregate's subject with
 * {@code Nats-Expected-Last-Subject-Sequence(-Subject)}, the expected sequence taken from the previous ack.
 * Framework: {@code EventStore.append(key, version, event)}. Both streams are configured alike (no age limit, direct get,
 * atomic batches), as an event store needs them.
 */
final class EventStoreAppend implements Measurement {

  static final String ROW = "append with expected version (sync, one aggregate)";

  @Override
  public String id() {
    return "es-append";
  }

  @Override
  public List<BenchRow> expectedRows() {
    return List.of(BenchRow.skipped(ROW, "appends/s", "higher", "not run"));
  }

  @Override
  public List<BenchRow> run(BenchContext ctx) throws Exception {
    SideResults r = ctx.runSliced(List.of(
        new BenchContext.SlicedSide("raw es-append", false, () -> new RawSession(ctx)),
        new BenchContext.SlicedSide("framework es-append", true, () -> new FrameworkSession(ctx))));
    return List.of(Rows.pair(ROW, "appends/s", "higher", r, "framework es-append", "raw es-append", 0));
  }

  /** Counts appends over measured slices. */
  private abstract static class Counting implements BenchContext.Session {
    private long ops;
    private long nanos;

    @Override
    public final void run(Duration duration, boolean measured) throws Exception {
      long t0 = System.nanoTime();
      long end = t0 + duration.toNanos();
      long n = 0;
      while (System.nanoTime() < end) {
        appendOne();
        n++;
      }
      if (measured) {
        ops += n;
        nanos += System.nanoTime() - t0;
      }
    }

    abstract void appendOne() throws Exception;

    @Override
    public double[] result() {
      return new double[] {ops * 1e9 / nanos};
    }
  }

  private static final class RawSession extends Counting {
    private final RawClient raw;
    private final String subject;
    private final String filter;
    private long lastSequence;

    RawSession(BenchContext ctx) throws Exception {
      String env = ctx.freshEnv("ear");
      this.raw = RawClient.attach(ctx, env, true);
      // the stream an event store needs, as the event store creates it: kept forever, direct get, atomic batches
      raw.connection.jetStreamManagement().addStream(StreamConfiguration.builder(RawClient.configuration(env))
          .maxAge(Duration.ZERO).allowDirect(true).allowAtomicPublish(true).build());
      this.subject = raw.subject + ".agg-1";
      this.filter = raw.env + ".bench.order.*.*.agg-1";
    }

    @Override
    void appendOne() throws Exception {
      NatsMessage msg = raw.events.message(subject, Payloads.order(System.nanoTime()));
      msg.getHeaders().put("Nats-Expected-Last-Subject-Sequence", Long.toString(lastSequence))
          .put("Nats-Expected-Last-Subject-Sequence-Subject", filter);
      lastSequence = raw.jetStream.publish(msg, PublishOptions.builder().build()).getSeqno();
    }

    @Override
    public void close() throws InterruptedException {
      raw.close();
    }
  }

  private static final class FrameworkSession extends Counting {
    private final BenchContext ctx;
    private final String env;
    private final io.nats.client.Connection connection;
    private final EventStore store;
    private final AggregateKey key = AggregateKey.of("bench.order", "agg-1");
    private long version;

    FrameworkSession(BenchContext ctx) throws Exception {
      this.ctx = ctx;
      this.env = ctx.freshEnv("eaf");
      this.connection = BenchContext.connect(ctx.serverUrl(), "bench-es-" + env);
      this.store = EventStore.create(connection, EventStoreOptions.builder().environment(env).serviceName(Payloads.SERVICE).build());
      store.ensureStream(Payloads.DOMAIN);
    }

    @Override
    void appendOne() {
      Payloads.OrderPlaced data = Payloads.order(System.nanoTime());
      version = store.append(key, version, OutgoingEvent.event(Payloads.TYPE, data).build()).version();
    }

    @Override
    public void close() throws InterruptedException {
      connection.close();
      ctx.deleteStreams(RawClient.streamName(env));
    }
  }
}
