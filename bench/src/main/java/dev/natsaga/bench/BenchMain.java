package dev.natsaga.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Command line of the bench; {@code bench/run.sh} calls it.
 *
 * <pre>
 * java -jar bench/target/natsaga-bench.jar [--quick] [--only publish-async,consume] [--side framework|raw]
 *      [--warmup 3] [--measure 10] [--repeats 3] [--sync-always] [--note TEXT] [--out bench/results/latest.json]
 * </pre>
 * Exits 1 when a measurement failed (its rows say why), 2 on bad arguments.
 */
public final class BenchMain {

  private BenchMain() {
  }

  public static void main(String[] args) throws Exception {
    BenchConfig config = BenchConfig.full();
    Path out = Path.of("bench/results/latest.json");
    String note = null;
    Double warm = null;
    Double measure = null;
    Integer repeats = null;
    try {
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--quick" -> config = BenchConfig.quick().withOnly(config.only()).withSides(config.sides()).withSyncAlways(config.syncAlways());
          case "--full" -> config = BenchConfig.full().withOnly(config.only()).withSides(config.sides()).withSyncAlways(config.syncAlways());
          case "--only" -> config = config.withOnly(Arrays.stream(args[++i].split(",")).map(String::trim).collect(Collectors.toSet()));
          case "--side" -> config = config.withSides(args[++i]);
          case "--sync-always" -> config = config.withSyncAlways(true);
          case "--warmup" -> warm = Double.parseDouble(args[++i]);
          case "--measure" -> measure = Double.parseDouble(args[++i]);
          case "--repeats" -> repeats = Integer.parseInt(args[++i]);
          case "--note" -> note = args[++i];
          case "--out" -> out = Path.of(args[++i]);
          default -> throw new IllegalArgumentException("unknown argument " + args[i]);
        }
      }
      config = config.withTimes(warm == null ? config.warmup() : seconds(warm), measure == null ? config.measure() : seconds(measure),
          repeats == null ? config.repeats() : repeats);
      Set<String> known = BenchSuite.standard().measurements().stream().map(Measurement::id).collect(Collectors.toSet());
      if (!known.containsAll(config.only())) {
        throw new IllegalArgumentException("--only takes " + known);
      }
    } catch (RuntimeException e) {
      System.err.println("bench: " + e.getMessage());
      System.exit(2);
      return;
    }
    Bench.Result result = Bench.run(config, BenchSuite.standard(), System.err, note);
    System.out.println();
    System.out.print(Table.text(result.rows()));
    System.out.println("ratio = framework / raw; 'better' says which direction is good. " + result.settings().get("server_sync"));
    write(out, result);
    System.out.println("wrote " + out);
    if (result.failures() > 0) {
      System.err.println(result.failures() + " measurement(s) failed; see the log above");
      System.exit(1);
    }
  }

  private static Duration seconds(double s) {
    return Duration.ofMillis(Math.round(s * 1000));
  }

  static void write(Path out, Bench.Result result) throws java.io.IOException {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("machine", result.machine());
    json.put("settings", result.settings());
    json.put("rows", result.rows().stream().map(BenchRow::rounded).toList());
    if (out.getParent() != null) {
      Files.createDirectories(out.getParent());
    }
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), json);
  }
}
