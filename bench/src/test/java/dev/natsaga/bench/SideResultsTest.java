package dev.natsaga.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SideResultsTest {

  @Test
  void ratioIsTheMedianOfPerRepeatRatiosAndNumbersAreMedians() {
    SideResults r = new SideResults();
    r.add("raw", 0, new double[] {100});
    r.add("fw", 0, new double[] {100});   // 1.00 under light load
    r.add("raw", 1, new double[] {50});
    r.add("fw", 1, new double[] {46});    // 0.92 under heavy load
    r.add("raw", 2, new double[] {80});
    r.add("fw", 2, new double[] {60});    // 0.75
    assertThat(r.median("fw")).containsExactly(60);
    assertThat(r.median("raw")).containsExactly(80);
    assertThat(r.ratio("fw", "raw", 0)).isEqualTo(0.92);
  }

  @Test
  void aSideThatDidNotRunHasNoNumbersAndNoRatio() {
    SideResults r = new SideResults();
    r.declare("raw");
    r.add("fw", 0, new double[] {5});
    assertThat(r.median("raw")).isNull();
    assertThat(r.ratio("fw", "raw", 0)).isNull();
    assertThat(r.median("fw")).containsExactly(5);
  }
}
