package dev.natsaga.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Each side's numbers per repeat. A row reports each side's median over the repeats and, as its
 * ratio, the median of the per-repeat ratios: both sides of one repeat ran interleaved under the
 * same load, so their ratio is steadier than a ratio of medians taken from different repeats.
 */
public final class SideResults {

  private final Map<String, List<double[]>> runs = new LinkedHashMap<>();

  void declare(String side) {
    runs.putIfAbsent(side, new ArrayList<>());
  }

  void add(String side, int repeat, double[] values) {
    List<double[]> list = runs.computeIfAbsent(side, s -> new ArrayList<>());
    while (list.size() < repeat) {
      list.add(null);
    }
    list.add(values);
  }

  /** The side's per-metric medians, or null when it did not run. */
  public double[] median(String side) {
    List<double[]> list = present(side);
    return list.isEmpty() ? null : Stats.medians(list);
  }

  /** The median over repeats of framework / raw for metric {@code index}; null when a side did not run. */
  public Double ratio(String framework, String raw, int index) {
    List<double[]> f = runs.getOrDefault(framework, List.of());
    List<double[]> r = runs.getOrDefault(raw, List.of());
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < Math.min(f.size(), r.size()); i++) {
      if (f.get(i) != null && r.get(i) != null && r.get(i)[index] != 0) {
        ratios.add(f.get(i)[index] / r.get(i)[index]);
      }
    }
    return ratios.isEmpty() ? null : Stats.median(ratios.stream().mapToDouble(Double::doubleValue).toArray());
  }

  private List<double[]> present(String side) {
    return runs.getOrDefault(side, List.of()).stream().filter(v -> v != null).toList();
  }
}
