package dev.natsaga.bench;

import dev.natsaga.framework.HandlerRegistration;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.payload.PayloadStage;
import dev.natsaga.framework.config.ConsumerOptions;
import dev.natsaga.framework.config.NatsagaOptions;
import io.nats.client.JetStreamApiException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * The framework side: a {@link Natsaga} runtime with default options (publisher window, consumer
 * concurrency and batch as a service gets them), its streams provisioned at start; close shuts it
 * down gracefully and deletes its streams.
 */
final class FrameworkClient implements AutoCloseable {

  final BenchContext ctx;
  final String env;
  final Natsaga natsaga;
  private final boolean deleteOnClose;
  private final BenchTelemetry telemetry;

  private FrameworkClient(BenchContext ctx, String env, Natsaga natsaga, boolean deleteOnClose, BenchTelemetry telemetry) {
    this.ctx = ctx;
    this.env = env;
    this.natsaga = natsaga;
    this.deleteOnClose = deleteOnClose;
    this.telemetry = telemetry;
  }

  /**
   * Default options except the service name, environment and URL. Diagnostic knob (never set by
   * run.sh): {@code -Dbench.fw.concurrency=N} changes the handler threads per consumer.
   */
  static NatsagaOptions options(String url, String env) {
    NatsagaOptions.Builder b = NatsagaOptions.builder()
        .serviceName(Payloads.SERVICE)
        .environment(env)
        .natsUrl(url)
        .shutdownTimeout(Duration.ofSeconds(10));
    String concurrency = System.getProperty("bench.fw.concurrency");
    if (concurrency != null) {
      b.consumers(ConsumerOptions.defaults().withConcurrency(Integer.parseInt(concurrency)));
    }
    return b.build();
  }

  /** Starts a runtime for {@code env} with the given handlers; close deletes the environment's streams and bucket. */
  static FrameworkClient start(BenchContext ctx, String env, List<HandlerRegistration<?>> handlers)
      throws IOException, JetStreamApiException {
    return start(ctx, env, handlers, true);
  }

  static FrameworkClient start(BenchContext ctx, String env, List<HandlerRegistration<?>> handlers, boolean deleteOnClose)
      throws IOException, JetStreamApiException {
    return start(ctx, env, handlers, deleteOnClose, false);
  }

  /** @param observed with metrics (Prometheus registry) and tracing (SDK, batch processor, discarding exporter) on */
  static FrameworkClient start(BenchContext ctx, String env, List<HandlerRegistration<?>> handlers, boolean deleteOnClose,
      boolean observed) throws IOException, JetStreamApiException {
    return start(ctx, env, handlers, deleteOnClose, observed, List.of());
  }

  /** @param stages payload stages (e.g. schema validation) */
  static FrameworkClient start(BenchContext ctx, String env, List<HandlerRegistration<?>> handlers, boolean deleteOnClose,
      boolean observed, List<PayloadStage> stages) throws IOException, JetStreamApiException {
    BenchTelemetry telemetry = observed ? new BenchTelemetry() : null;
    Natsaga.Builder b = Natsaga.builder(options(ctx.serverUrl(), env)).domains(Payloads.DOMAIN).handlers(handlers);
    stages.forEach(b::payloadStage);
    Natsaga n = (telemetry != null ? telemetry.apply(b) : b).build().start();
    return new FrameworkClient(ctx, env, n, deleteOnClose, telemetry);
  }

  /** Shuts the runtime down; with {@code deleteOnClose} also deletes the environment's streams and KV bucket. */
  @Override
  public void close() throws InterruptedException {
    natsaga.close();
    if (telemetry != null) {
      telemetry.close();
    }
    if (deleteOnClose) {
      String prefix = env.toUpperCase().replace('-', '_');
      ctx.deleteStreams(RawClient.streamName(env), prefix + "_DLQ", "KV_" + prefix + "_IDEMPOTENCY");
    }
  }
}
