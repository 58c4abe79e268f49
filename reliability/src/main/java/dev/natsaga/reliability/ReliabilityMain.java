package dev.natsaga.reliability;

import java.io.PrintStream;

/**
 * {@code reliability/run.sh faults|fuzz|soak [--quick] [--cluster] [--postgres]}: runs one reliability run, prints its
 * parameters first and {@code violations: N} last, and exits with 1 when N > 0 (2 when the run could not run).
 */
public final class ReliabilityMain {

  private ReliabilityMain() {
  }

  public static void main(String[] args) {
    RunOptions options;
    try {
      options = RunOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    int code;
    try {
      Report report = run(options, System.out);
      code = report.violations() == 0 ? 0 : 1;
    } catch (Exception e) {
      System.out.println("the run failed: " + e);
      e.printStackTrace(System.out);
      System.out.println("violations: 1");
      code = 2;
    }
    System.out.flush();
    System.exit(code);
  }

  /** Runs and prints the report (its last line is {@code violations: N}). */
  public static Report run(RunOptions options, PrintStream out) throws Exception {
    Report report = switch (options.mode()) {
      case FAULTS -> new FaultRun(options, out).run();
      case FUZZ -> new FuzzRun(options, out).run();
      case SOAK -> new SoakRun(options, out).run();
    };
    report.print(out);
    return report;
  }
}
