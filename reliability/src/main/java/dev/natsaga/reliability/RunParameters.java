package dev.natsaga.reliability;

import java.io.PrintStream;
import java.nio.file.Path;

/** Prints a run's parameters first, so every output says what was run. */
final class RunParameters {

  private RunParameters() {
  }

  static void print(PrintStream out, RunOptions o, Path work) {
    out.println("== natsaga reliability: " + o.mode().name().toLowerCase(java.util.Locale.ROOT) + " run, parameters");
    o.describe().forEach((k, v) -> out.println("  " + k + ": " + v));
    out.println("  work folder: " + work);
    out.println("  machine: " + Runtime.getRuntime().availableProcessors() + " cores, java " + System.getProperty("java.version"));
    out.flush();
  }
}
