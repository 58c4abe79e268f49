package dev.natsaga.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Peak heap and resident memory of each side, each in its own JVM ({@link MemoryProbe}) with the
 * same flags ({@value #HEAP_FLAG}, G1), running the same saturated publish-and-consume workload for
 * warm-up + window. Peak heap is the highest used heap sampled every 5 ms; "heap after GC" is the
 * used heap after a full GC at the end (what stays); RSS is the kernel's high-water mark VmHWM.
 */
final class MemoryFootprint implements Measurement {

  static final String HEAP_FLAG = "-Xmx512m";
  private static final String[] NAMES = {"peak heap used", "heap after GC", "peak RSS (VmHWM)"};

  @Override
  public String id() {
    return "memory";
  }

  @Override
  public List<BenchRow> expectedRows() {
    List<BenchRow> rows = new ArrayList<>();
    for (String n : NAMES) {
      rows.add(BenchRow.skipped(n, "MB", "lower", "not run"));
    }
    return rows;
  }

  @Override
  public List<BenchRow> run(BenchContext ctx) throws Exception {
    SideResults r = ctx.runSides(List.of(
        new BenchContext.Side("raw memory (child JVM)", false, () -> probe(ctx, "raw")),
        new BenchContext.Side("framework memory (child JVM)", true, () -> probe(ctx, "framework"))));
    List<BenchRow> rows = new ArrayList<>();
    for (int i = 0; i < NAMES.length; i++) {
      rows.add(Rows.pair(NAMES[i], "MB", "lower", r, "framework memory (child JVM)", "raw memory (child JVM)", i)
          .withNote("own JVM per side, " + HEAP_FLAG + ", saturated async publish + consume"));
    }
    return rows;
  }

  private static double[] probe(BenchContext ctx, String side) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = List.of(java, HEAP_FLAG, "-XX:+UseG1GC", "-cp", System.getProperty("java.class.path"),
        MemoryProbe.class.getName(), side, ctx.serverUrl(),
        Long.toString(ctx.config().warmup().toMillis()), Long.toString(ctx.config().measure().toMillis()));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    p.getOutputStream().close();
    String result = null;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = out.readLine()) != null; ) {
        if (line.startsWith("MEMORY ")) {
          result = line;
        }
      }
    }
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("memory probe (" + side + ") did not finish in 120 s");
    }
    if (p.exitValue() != 0 || result == null) {
      throw new IllegalStateException("memory probe (" + side + ") failed with exit code " + p.exitValue());
    }
    String[] f = result.split(" ");
    return new double[] {Double.parseDouble(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3])};
  }
}
