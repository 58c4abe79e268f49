package dev.natsaga.bench;

import java.util.Arrays;
import java.util.List;

/** Medians and percentiles. */
public final class Stats {

  private Stats() {
  }

  /** The median of each index over several runs. */
  public static double[] medians(List<double[]> runs) {
    int n = runs.get(0).length;
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      final int index = i;
      out[i] = median(runs.stream().mapToDouble(r -> r[index]).toArray());
    }
    return out;
  }

  public static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  /** The nearest-rank percentile (0 < p <= 100) of sorted values. */
  public static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      throw new IllegalArgumentException("no samples");
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }
}
