package dev.natsaga.bench;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * How long and how often the bench measures.
 *
 * @param mode a label for the results ({@code quick}, {@code full}, {@code smoke})
 * @param warmup time each side runs before its measurement window starts
 * @param measure the measurement window of each side
 * @param repeats runs per side; each row reports the median
 * @param latencyRate events per second of the end-to-end latency measurement
 * @param only measurement ids to run (empty = all)
 * @param sides which sides to run: {@code both}, {@code framework} or {@code raw} (for profiling one side)
 * @param syncAlways whether the server fsyncs before every ack ({@code sync_interval: always}); default off
 */
public record BenchConfig(String mode, Duration warmup, Duration measure, int repeats, int latencyRate,
    Set<String> only, String sides, boolean syncAlways) {

  public BenchConfig {
    Objects.requireNonNull(mode, "mode");
    if (warmup.isNegative() || measure.isZero() || measure.isNegative()) {
      throw new IllegalArgumentException("warm-up must be >= 0 and the measurement window > 0");
    }
    if (repeats < 1) {
      throw new IllegalArgumentException("repeats must be at least 1");
    }
    if (latencyRate < 1) {
      throw new IllegalArgumentException("latency rate must be at least 1 event/s");
    }
    if (!Set.of("both", "framework", "raw").contains(sides)) {
      throw new IllegalArgumentException("sides must be both, framework or raw, was " + sides);
    }
    only = Set.copyOf(only);
  }

  /** About 2 s per measurement after a 1 s warm-up, once: the whole suite in about a minute. */
  public static BenchConfig quick() {
    return new BenchConfig("quick", Duration.ofSeconds(1), Duration.ofSeconds(2), 1, 1000, Set.of(), "both", false);
  }

  /** 10 s per measurement after a 3 s warm-up, 3 times, median reported. */
  public static BenchConfig full() {
    return new BenchConfig("full", Duration.ofSeconds(3), Duration.ofSeconds(10), 3, 1000, Set.of(), "both", false);
  }

  /** For the CI smoke test: every measurement runs, too briefly to mean anything. */
  public static BenchConfig smoke() {
    return new BenchConfig("smoke", Duration.ofMillis(300), Duration.ofMillis(700), 1, 1000, Set.of(), "both", false);
  }

  public BenchConfig withOnly(Set<String> ids) {
    return new BenchConfig(mode, warmup, measure, repeats, latencyRate, ids, sides, syncAlways);
  }

  public BenchConfig withSides(String which) {
    return new BenchConfig(mode, warmup, measure, repeats, latencyRate, only, which, syncAlways);
  }

  public BenchConfig withSyncAlways(boolean always) {
    return new BenchConfig(mode, warmup, measure, repeats, latencyRate, only, sides, always);
  }

  public BenchConfig withTimes(Duration warm, Duration window, int times) {
    return new BenchConfig(mode, warm, window, times, latencyRate, only, sides, syncAlways);
  }

  public boolean runsRaw() {
    return !sides.equals("framework");
  }

  public boolean runsFramework() {
    return !sides.equals("raw");
  }

  /** Whether the measurement {@code id} is selected. */
  public boolean selects(String id) {
    return only.isEmpty() || only.contains(id);
  }
}
