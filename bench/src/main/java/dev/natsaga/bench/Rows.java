package dev.natsaga.bench;

/** Builds rows from side medians, tolerating a side left out with {@code --side}. */
final class Rows {

  private Rows() {
  }

  /** The row for metric {@code index} of a framework/raw pair; {@code better} is higher or lower. */
  static BenchRow pair(String name, String unit, String better, double[] framework, double[] raw, int index) {
    Double fw = framework == null ? null : framework[index];
    Double rw = raw == null ? null : raw[index];
    if (fw != null && rw != null) {
      return better.equals("higher") ? BenchRow.higher(name, unit, fw, rw) : BenchRow.lower(name, unit, fw, rw);
    }
    return BenchRow.oneSide(name, unit, better, fw, rw);
  }
}
