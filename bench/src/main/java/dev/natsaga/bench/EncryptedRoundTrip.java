package dev.natsaga.bench;

import dev.natsaga.framework.EventPublisher;
import dev.natsaga.framework.HandlerRegistration;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.security.EncryptionRules;
import dev.natsaga.security.EncryptionStage;
import dev.natsaga.security.crypto.Aes256Gcm;
import dev.natsaga.security.crypto.Keyring;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Publish + consume of the framework with payload encryption against without, in the same run: each side is one
 * runtime that publishes asynchronously (the default window) and handles what it publishes; a slice ends when every
 * event it published was handled, and its rate is handled events / (slice + drain). The encrypted side runs the
 * {@link EncryptionStage} with two fields of the payload encrypted (AES-256-GCM; {@code /customerId}, {@code /note}).
 */
final class EncryptedRoundTrip implements Measurement {

  static final String ROW = "publish + consume: encrypted fields / plaintext";

  @Override
  public String id() {
    return "encrypted";
  }

  @Override
  public List<BenchRow> expectedRows() {
    return List.of(BenchRow.skipped(ROW, "msgs/s", "higher", "not run"));
  }

  @Override
  public List<BenchRow> run(BenchContext ctx) throws Exception {
    SideResults r = ctx.runSliced(List.of(
        new BenchContext.SlicedSide("framework plaintext", true, () -> new Session(ctx, false)),
        new BenchContext.SlicedSide("framework encrypted", true, () -> new Session(ctx, true))));
    return List.of(Rows.pair(ROW, "msgs/s", "higher", r, "framework encrypted", "framework plaintext", 0)
        .withNote("both sides are the framework: the ratio is the cost of AES-256-GCM field encryption on both ends"));
  }

  private static final class Session implements BenchContext.Session {
    private final BenchContext ctx;
    private final String env;
    private final Natsaga natsaga;
    private final EventPublisher publisher;
    private final LongAdder handled = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private long published;
    private long ops;
    private long nanos;

    Session(BenchContext ctx, boolean encrypted) throws Exception {
      this.ctx = ctx;
      this.env = ctx.freshEnv(encrypted ? "ee" : "ep");
      Natsaga.Builder b = Natsaga.builder(FrameworkClient.options(ctx.serverUrl(), env)).domains(Payloads.DOMAIN)
          .handler(HandlerRegistration.onEvent(Payloads.TYPE, Payloads.OrderPlaced.class, e -> handled.increment()).build());
      if (encrypted) {
        b.payloadStage(new EncryptionStage(Keyring.of("bench", Aes256Gcm.newKey()),
            EncryptionRules.builder().fields(Payloads.TYPE, "/customerId", "/note").build()));
      }
      this.natsaga = b.build().start();
      this.publisher = natsaga.publisher();
    }

    @Override
    public void run(Duration duration, boolean measured) throws Exception {
      long h0 = handled.sum();
      long t0 = System.nanoTime();
      long end = t0 + duration.toNanos();
      while (System.nanoTime() < end) {
        Payloads.OrderPlaced data = Payloads.order(System.nanoTime());
        publisher.publishAsync(OutgoingEvent.event(Payloads.TYPE, data).subject(data.orderId()).build())
            .whenComplete((ack, e) -> {
              if (e != null) {
                failed.increment();
              }
            });
        published++;
      }
      publisher.awaitInFlight(Duration.ofSeconds(30));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (handled.sum() < published - failed.sum() && System.nanoTime() < deadline) {
        Thread.sleep(1);
      }
      if (failed.sum() > 0 || handled.sum() < published) {
        throw new IllegalStateException(failed.sum() + " publishes failed, " + (published - handled.sum()) + " not handled");
      }
      if (measured) {
        ops += handled.sum() - h0;
        nanos += System.nanoTime() - t0;
      }
    }

    @Override
    public double[] result() {
      return new double[] {ops * 1e9 / nanos};
    }

    @Override
    public void close() throws InterruptedException {
      natsaga.close();
      String prefix = env.toUpperCase().replace('-', '_');
      ctx.deleteStreams(RawClient.streamName(env), prefix + "_DLQ");
    }
  }
}
