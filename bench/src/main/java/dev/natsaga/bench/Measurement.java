package dev.natsaga.bench;

import java.util.List;

/**
 * One measurement of the suite: the extension point for new rows. A measurement runs its sides
 * ({@link BenchContext#runSides}) after a warm-up, repeats as configured, and returns its rows in
 * table order. Register it in {@link BenchSuite#standard()}.
 *
 * <pre>{@code
 * final class SagaThroughput implements Measurement {
 *   public String id() { return "saga-throughput"; }
 *   public List<BenchRow> expectedRows() {
 *     return List.of(BenchRow.skipped("sagas/s at saturation (H2)", "sagas/s", "higher", "not run"));
 *   }
 *   public List<BenchRow> run(BenchContext ctx) throws Exception {
 *     double perSecond = ...;                       // start sagas, count completions in the window
 *     return List.of(BenchRow.frameworkOnly("sagas/s at saturation (H2)", "sagas/s", "higher", perSecond));
 *   }
 * }
 * }</pre>
 */
public interface Measurement {

  /** A short id for {@code --only}, e.g. {@code publish-async}. */
  String id();

  /**
   * The rows this measurement produces (names, units and directions; numbers are ignored), so that a
   * measurement that fails or is not selected still shows up in the table.
   */
  List<BenchRow> expectedRows();

  /** Runs the measurement and returns its rows. */
  List<BenchRow> run(BenchContext ctx) throws Exception;
}
