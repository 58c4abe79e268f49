package dev.natsaga.bench;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
   * A side that stays open while the others run, so a measurement can alternate between the sides
   * in short slices and load drift on a shared machine hits all sides alike.
   */
  public interface Session extends AutoCloseable {
    /** Runs the side's work for {@code duration}; only {@code measured} slices count toward the result. */
    void run(Duration duration, boolean measured) throws Exception;

    /** The side's numbers over its measured slices. */
    double[] result();
  }

  /** A side measured in slices: a name, whether it is the framework's, and how to open a session. */
  public record SlicedSide(String name, boolean framework, SessionFactory open) {
  }

  /** Opens a session (connections, streams, consumers): not timed. */
  @FunctionalInterface
  public interface SessionFactory {
    Session open() throws Exception;
  }

  /**
   * Runs every side {@code repeats} times; each repeat opens all sides, warms each up, then alternates
   * between them in slices of at most 1 s (rotating who goes first) until each has had the whole
   * measurement window, and closes them. Returns every side's numbers per repeat (see
   * {@link SideResults}); a side excluded by {@code --side} has none.
   */
  public SideResults runSliced(List<SlicedSide> sides) throws Exception {
    List<SlicedSide> selected = sides.stream()
        .filter(s -> s.framework() ? config.runsFramework() : config.runsRaw()).toList();
    Duration slice = config.measure().compareTo(Duration.ofSeconds(2)) >= 0 ? Duration.ofSeconds(1) : config.measure().dividedBy(2);
    long slices = Math.max(1, config.measure().toNanos() / slice.toNanos());
    SideResults results = new SideResults();
    sides.forEach(s -> results.declare(s.name()));
    for (int r = 0; r < config.repeats(); r++) {
      List<Session> open = new ArrayList<>();
      List<GcMeter> gc = new ArrayList<>();
      try {
        for (SlicedSide s : selected) {
          long t = System.nanoTime();
          open.add(s.open().open());
          gc.add(new GcMeter());
          slow("opening " + s.name(), t);
        }
        settle();
        for (int i = 0; i < open.size(); i++) {
          open.get(i).run(config.warmup(), false);
        }
        for (long k = 0; k < slices; k++) {
          for (int i = 0; i < open.size(); i++) {
            int which = (int) ((i + k + r) % open.size());
            gc.get(which).start();
            open.get(which).run(slice, true);
            gc.get(which).stop();
          }
        }
        for (int i = 0; i < open.size(); i++) {
          double[] values = open.get(i).result();
          log("%-28s run %d/%d: %s (%d slices of %d ms, %s)", selected.get(i).name(), r + 1, config.repeats(), format(values),
              slices, slice.toMillis(), gc.get(i));
          results.add(selected.get(i).name(), r, values);
        }
      } finally {
        for (int i = 0; i < open.size(); i++) {
          long t = System.nanoTime();
          open.get(i).close();
          slow("closing " + selected.get(i).name(), t);
        }
      }
    }
    return results;
  }

  /**
   * Runs every side {@code repeats} times, rotating the order each time (so no side always goes first
   * on a colder or warmer server), with a GC between runs, and returns every side's numbers per repeat.
   * A side excluded by {@code --side} maps to null.
   */
  public SideResults runSides(List<Side> sides) throws Exception {
    SideResults results = new SideResults();
    sides.forEach(s -> results.declare(s.name()));
    for (int r = 0; r < config.repeats(); r++) {
      for (int i = 0; i < sides.size(); i++) {
        Side side = sides.get((i + r) % sides.size());
        if (side.framework() ? !config.runsFramework() : !config.runsRaw()) {
          continue;
        }
        settle();
        double[] values = side.run().run();
        log("%-28s run %d/%d: %s", side.name(), r + 1, config.repeats(), format(values));
        results.add(side.name(), r, values);
      }
    }
    return results;
  }

  /** Logs set-up or clean-up that took over a second (it is not timed, but it makes a run slow). */
  private void slow(String what, long startNanos) {
    long ms = (System.nanoTime() - startNanos) / 1_000_000;
    if (ms > 1000) {
      log("note: %s took %d ms", what, ms);
    }
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
