package dev.natsaga.bench;

import java.util.List;
import java.util.Locale;

/** The results as a fixed-width text table (and as Markdown for the README). */
final class Table {

  private Table() {
  }

  static String text(List<BenchRow> rows) {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "%-46s %-8s %12s %12s %8s  %s%n", "metric", "unit", "framework", "raw", "fw/raw", "better"));
    for (BenchRow r : rows) {
      if (!r.isOk()) {
        b.append(String.format(Locale.ROOT, "%-46s %-8s %s%n", r.name(), r.unit(), r.status()));
        continue;
      }
      b.append(String.format(Locale.ROOT, "%-46s %-8s %12s %12s %8s  %s%n", r.name(), r.unit(), number(r.framework(), r.unit()),
          number(r.raw(), r.unit()), ratio(r.ratio()), r.better()));
    }
    return b.toString();
  }

  static String markdown(List<BenchRow> rows) {
    StringBuilder b = new StringBuilder("| metric | unit | framework | raw | framework / raw | better |\n|---|---|---:|---:|---:|---|\n");
    for (BenchRow r : rows) {
      if (!r.isOk()) {
        b.append("| ").append(r.name()).append(" | ").append(r.unit()).append(" | | | | ").append(r.status()).append(" |\n");
        continue;
      }
      b.append("| ").append(r.name()).append(" | ").append(r.unit()).append(" | ").append(number(r.framework(), r.unit()))
          .append(" | ").append(number(r.raw(), r.unit())).append(" | ").append(ratio(r.ratio())).append(" | ")
          .append(r.better()).append(" |\n");
    }
    return b.toString();
  }

  static String number(Double v, String unit) {
    if (v == null) {
      return "-";
    }
    if (unit.endsWith("/s")) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    return String.format(Locale.ROOT, v < 10 ? "%.2f" : "%.1f", v);
  }

  private static String ratio(Double v) {
    return v == null ? "-" : String.format(Locale.ROOT, "%.2f", v);
  }
}
