package dev.natsaga.bench;

/** Builds rows from side results, tolerating a side left out with {@code --side}. */
final class Rows {

  private Rows() {
  }

  /**
   * The row for metric {@code index} of a framework/raw pair: each side's median over the repeats and
   * the median per-repeat ratio; {@code better} is higher or lower.
   */
  static BenchRow pair(String name, String unit, String better, SideResults results, String framework, String raw, int index) {
    double[] f = results.median(framework);
    double[] r = results.median(raw);
    Double fw = f == null ? null : f[index];
    Double rw = r == null ? null : r[index];
    return new BenchRow(name, unit, fw, rw, results.ratio(framework, raw, index), better, BenchRow.OK, null);
  }
}
