package dev.natsaga.bench;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a measurement gets: the server to talk to, the configuration, fresh names, an admin
 * connection for clean-up, and {@link #runSides} which runs the raw and framework sides alternately
 * and reports medians.
 */
public final class BenchContext implements AutoCloseable {

  private final String serverUrl;
  private final BenchConfig config;
  private final PrintStream log;
  private final AtomicInteger names = new AtomicInteger();
  private final Connection admin;

  public BenchContext(String serverUrl, BenchConfig config, PrintStream log) throws IOException, InterruptedException {
    this.serverUrl = serverUrl;
    this.config = config;
    this.log = log;
    this.admin = connect(serverUrl, "bench-admin");
  }

  /** A plain jnats connection with reconnects on, as a careful raw user would open it. */
  public static Connection connect(String url, String name) throws IOException, InterruptedException {
    return Nats.connect(new Options.Builder().server(url).connectionName(name).maxReconnects(-1).build());
  }

  public String serverUrl() {
    return serverUrl;
  }

  public BenchConfig config() {
    return config;
  }

  /**
   * A fresh environment name {@code prefix + NNN}. Raw and framework sides use prefixes of the same
   * length so their subjects, and so their messages, have the same size.
   */
  public String freshEnv(String prefix) {
    return prefix + String.format("%03d", names.incrementAndGet());
  }

  public void log(String format, Object... args) {
    log.printf("  " + format + "%n", args);
    log.flush();
  }

  /** Deletes streams (and KV buckets' streams) by name, ignoring ones that do not exist. */
  public void deleteStreams(String... streams) {
    try {
      JetStreamManagement jsm = admin.jetStreamManagement();
      for (String s : streams) {
        try {
          jsm.deleteStream(s);
        } catch (JetStreamApiException e) {
          // not there: nothing to clean
        }
      }
    } catch (IOException e) {
      log("clean-up failed: %s", e);
    }
  }

  /** The admin connection's JetStream management, for checks and clean-up. */
  public JetStreamManagement management() throws IOException {
    return admin.jetStreamManagement();
  }

  /** One side of a measurement: a name, whether it is the framework's, and what it measures. */
  public record Side(String name, boolean framework, SideRun run) {
  }

  /** A side's run: returns one number per metric of the measurement. */
  @FunctionalInterface
  public interface SideRun {
    double[] run() throws Exception;
  }

  /**
   * Runs every side {@code repeats} times, rotating the order each time (so no side always goes first
   * on a colder or warmer server), with a GC between runs, and returns each side's per-metric medians.
   * A side excluded by {@code --side} maps to null.
   */
  public Map<String, double[]> runSides(List<Side> sides) throws Exception {
    Map<String, List<double[]>> results = new LinkedHashMap<>();
    sides.forEach(s -> results.put(s.name(), new ArrayList<>()));
    for (int r = 0; r < config.repeats(); r++) {
      for (int i = 0; i < sides.size(); i++) {
        Side side = sides.get((i + r) % sides.size());
        if (side.framework() ? !config.runsFramework() : !config.runsRaw()) {
          continue;
        }
        settle();
        double[] values = side.run().run();
        log("%-28s run %d/%d: %s", side.name(), r + 1, config.repeats(), format(values));
        results.get(side.name()).add(values);
      }
    }
    Map<String, double[]> medians = new LinkedHashMap<>();
    results.forEach((name, runs) -> medians.put(name, runs.isEmpty() ? null : Stats.medians(runs)));
    return medians;
  }

  private static String format(double[] values) {
    return Arrays.stream(values).mapToObj(v -> String.format("%.3f", v)).toList().toString();
  }

  /** A GC and a short pause, so one side's garbage and background work do not bill the next. */
  static void settle() throws InterruptedException {
    System.gc();
    Thread.sleep(200);
  }

  @Override
  public void close() throws InterruptedException {
    admin.close();
  }
}
