package dev.natsaga.bench;

import dev.natsaga.test.nats.NatsServer;
import dev.natsaga.test.nats.NatsServerOptions;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the suite against a nats-server of its own (fresh file store, free port, the server's default
 * sync settings unless {@link BenchConfig#syncAlways()}), and returns what {@link BenchMain} prints
 * and writes. Tests call it in-process.
 */
public final class Bench {

  private Bench() {
  }

  /**
   * The outcome of a run.
   *
   * @param machine what it ran on
   * @param settings how it was measured
   * @param rows the table
   * @param failures measurements that failed
   */
  public record Result(Map<String, Object> machine, Map<String, Object> settings, List<BenchRow> rows, int failures) {
  }

  public static Result run(BenchConfig config, BenchSuite suite, PrintStream log, String note) throws Exception {
    NatsServerOptions.Builder options = NatsServerOptions.builder().startupTimeout(Duration.ofSeconds(30));
    if (config.syncAlways()) {
      options.configLine("jetstream { sync_interval: always }");
    }
    try (NatsServer server = NatsServer.start(options.build());
         BenchContext ctx = new BenchContext(server.url(), config, log)) {
      String version = server.binary().version();
      log.printf("natsaga bench (%s): nats-server %s at %s, store %s%n", config.mode(), version, server.url(), server.storeDir());
      Map<String, Object> machine = Machine.describe(version);
      Map<String, Object> settings = settings(config, note);
      List<BenchRow> rows = suite.run(ctx, log);
      return new Result(machine, settings, rows, suite.failures());
    }
  }

  private static Map<String, Object> settings(BenchConfig config, String note) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("mode", config.mode());
    s.put("warmup_s", config.warmup().toMillis() / 1000.0);
    s.put("measure_s", config.measure().toMillis() / 1000.0);
    s.put("repeats", config.repeats());
    s.put("aggregate", config.repeats() > 1 ? "median of repeats" : "single run");
    s.put("sides", config.sides());
    s.put("server_sync", config.syncAlways()
        ? "sync_interval: always (fsync before every ack)"
        : "server default (sync_interval unset: fsync every 2 min, acks do not wait for fsync)");
    s.put("storage", "file, 1 replica, fresh store in a temp folder");
    byte[] sample = new RawCloudEvents().encode(java.util.UUID.randomUUID().toString(), Payloads.order(System.nanoTime()));
    s.put("message_bytes", sample.length);
    s.put("publish_window", PublishThroughput.WINDOW);
    s.put("latency_rate_per_s", config.latencyRate());
    s.put("ratio", "framework / raw; for msgs/s higher is better, for ms and MB lower is better");
    if (note != null) {
      s.put("note", note);
    }
    return s;
  }
}
