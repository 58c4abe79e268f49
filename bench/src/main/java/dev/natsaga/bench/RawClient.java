package dev.natsaga.bench;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;
import java.time.Duration;

/**
 * The raw side: one plain jnats connection and a stream configured exactly as the framework
 * provisions its domain streams (file storage, one replica, limits retention, discard old, 7 days,
 * no size limit, 2-minute duplicate window), created here with jnats alone.
 */
final class RawClient implements AutoCloseable {

  final BenchContext ctx;
  final String env;
  final String stream;
  final String subject;
  final Connection connection;
  final JetStream jetStream;
  final RawCloudEvents events = new RawCloudEvents();
  private final boolean deleteOnClose;

  private RawClient(BenchContext ctx, String env, boolean deleteOnClose) throws IOException, InterruptedException {
    this.ctx = ctx;
    this.env = env;
    this.stream = streamName(env);
    this.subject = env + "." + Payloads.TYPE;
    this.connection = BenchContext.connect(ctx.serverUrl(), "bench-raw-" + env);
    this.jetStream = connection.jetStream();
    this.deleteOnClose = deleteOnClose;
  }

  /** Connects and creates the stream {@code {ENV}_BENCH} on {@code {env}.bench.>}; close deletes it. */
  static RawClient create(BenchContext ctx, String env) throws IOException, InterruptedException, JetStreamApiException {
    RawClient c = new RawClient(ctx, env, true);
    c.connection.jetStreamManagement().addStream(configuration(env));
    return c;
  }

  /** Connects to an environment whose stream exists already (close leaves it). */
  static RawClient attach(BenchContext ctx, String env) throws IOException, InterruptedException {
    return new RawClient(ctx, env, false);
  }

  /** Connects; with {@code deleteOnClose} close deletes the stream {@code {ENV}_BENCH} (which the caller creates). */
  static RawClient attach(BenchContext ctx, String env, boolean deleteOnClose) throws IOException, InterruptedException {
    return new RawClient(ctx, env, deleteOnClose);
  }

  static String streamName(String env) {
    return env.toUpperCase().replace('-', '_') + "_" + Payloads.DOMAIN.toUpperCase();
  }

  /** The same stream configuration the framework's StreamProvisioner asks for by default. */
  static StreamConfiguration configuration(String env) {
    return StreamConfiguration.builder()
        .name(streamName(env))
        .subjects(env + "." + Payloads.DOMAIN + ".>")
        .storageType(StorageType.File)
        .replicas(1)
        .retentionPolicy(RetentionPolicy.Limits)
        .discardPolicy(DiscardPolicy.Old)
        .maxAge(Duration.ofDays(7))
        .maxBytes(-1)
        .duplicateWindow(Duration.ofMinutes(2))
        .build();
  }

  @Override
  public void close() throws InterruptedException {
    connection.close();
    if (deleteOnClose) {
      ctx.deleteStreams(stream);
    }
  }
}
