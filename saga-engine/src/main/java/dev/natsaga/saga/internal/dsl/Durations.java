package dev.natsaga.saga.internal.dsl;

import java.time.Duration;

/** Short human text for a duration in diagrams: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h30m}. */
final class Durations {

  private Durations() {
  }

  static String text(Duration d) {
    if (d.toMillis() % 1000 != 0 || d.isZero()) {
      return d.toMillis() + "ms";
    }
    long seconds = d.getSeconds();
    StringBuilder text = new StringBuilder();
    append(text, seconds / 86_400, "d");
    append(text, seconds % 86_400 / 3600, "h");
    append(text, seconds % 3600 / 60, "m");
    append(text, seconds % 60, "s");
    return text.toString();
  }

  private static void append(StringBuilder text, long amount, String unit) {
    if (amount > 0) {
      text.append(amount).append(unit);
    }
  }
}
