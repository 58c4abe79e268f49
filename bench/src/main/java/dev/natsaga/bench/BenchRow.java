package dev.natsaga.bench;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One line of the results table: a metric measured on the framework and, where it has one, on its
 * raw jnats twin in the same run. {@code ratio} is always framework / raw; {@code better} says which
 * direction is good for that unit ({@code higher} for throughput, {@code lower} for latency and memory).
 * A row that could not be measured carries null numbers and a {@code status} other than {@code ok}.
 *
 * <pre>{@code
 * BenchRow.higher("publish async", "msgs/s", 41_000, 45_000);   // ratio 0.91
 * BenchRow.lower("e2e latency p99", "ms", 3.1, 2.7);            // ratio 1.15
 * BenchRow.frameworkOnly("sagas/s at saturation (H2)", "sagas/s", "higher", 2100);
 * BenchRow.skipped("sagas/s at saturation (H2)", "sagas/s", "higher", "not yet available: ...");
 * }</pre>
 */
public record BenchRow(String name, String unit, Double framework, Double raw, Double ratio, String better,
    String status, @JsonInclude(JsonInclude.Include.NON_NULL) String note) {

  public static final String OK = "ok";

  /** A throughput-like row: higher is better. */
  public static BenchRow higher(String name, String unit, double framework, double raw) {
    return new BenchRow(name, unit, framework, raw, ratio(framework, raw), "higher", OK, null);
  }

  /** A latency- or memory-like row: lower is better. */
  public static BenchRow lower(String name, String unit, double framework, double raw) {
    return new BenchRow(name, unit, framework, raw, ratio(framework, raw), "lower", OK, null);
  }

  /** A row without a raw twin (such as sagas/s): raw and ratio stay null. */
  public static BenchRow frameworkOnly(String name, String unit, String better, double framework) {
    return new BenchRow(name, unit, framework, null, null, better, OK, null);
  }

  /** A row that was not measured, with the reason. */
  public static BenchRow skipped(String name, String unit, String better, String reason) {
    return new BenchRow(name, unit, null, null, null, better, "skipped: " + reason, null);
  }

  /** A row whose measurement failed, with the error. */
  public static BenchRow failed(String name, String unit, String better, String error) {
    return new BenchRow(name, unit, null, null, null, better, "failed: " + error, null);
  }

  public BenchRow withNote(String text) {
    return new BenchRow(name, unit, framework, raw, ratio, better, status, text);
  }

  /** The same row with numbers rounded for the JSON file (4 significant digits, ratio 3 decimals). */
  public BenchRow rounded() {
    return new BenchRow(name, unit, round(framework), round(raw), ratio == null ? null : Math.round(ratio * 1000) / 1000.0,
        better, status, note);
  }

  private static Double round(Double v) {
    if (v == null || v == 0) {
      return v;
    }
    return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).doubleValue();
  }

  @JsonIgnore
  public boolean isOk() {
    return OK.equals(status);
  }

  private static Double ratio(double framework, double raw) {
    return raw == 0 ? null : framework / raw;
  }
}
