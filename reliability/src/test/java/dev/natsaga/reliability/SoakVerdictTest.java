package dev.natsaga.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;

/** The soak verdict: a sawtooth that returns to its floor is flat, a floor that climbs is a leak, small counts get a slack. */
class SoakVerdictTest {

  private static final Duration TEN_MINUTES = Duration.ofMinutes(10);

  /** 21 samples every 30 s; the booking heap from {@code heap}, nats-server's threads from {@code natsThreads}. */
  private static List<SoakSampler.Sample> samples(LongUnaryOperator heap, LongUnaryOperator natsThreads) {
    List<SoakSampler.Sample> s = new ArrayList<>();
    for (long i = 0; i <= 20; i++) {
      s.add(new SoakSampler.Sample(Instant.EPOCH, i * 30, i * 90, heap.applyAsLong(i), 73, 20, 7, 15_000, 53, 14, 1,
          natsThreads.applyAsLong(i), 14, 30_000, i * 1000, i * 10, i * 100_000));
    }
    return s;
  }

  private static Report judge(List<SoakSampler.Sample> samples) {
    Report r = new Report("soak");
    new SoakVerdict(r, TEN_MINUTES).check(samples);
    return r;
  }

  @Test
  void aSawtoothThatDropsBackToItsFloorIsFlatEvenWhenTheLastThirdHoldsMorePeaks() {
    Report r = judge(samples(i -> 18_000 + (i % 4) * 3_500, i -> 10));
    assertThat(r.check(SoakVerdict.CHECK).checked()).isEqualTo(8);
    assertThat(r.violations()).isZero();
  }

  @Test
  void aFloorThatClimbsIsALeak() {
    Report r = judge(samples(i -> 18_000 + i * 400 + (i % 4) * 3_500, i -> 10));
    assertThat(r.check(SoakVerdict.CHECK).violations()).isEqualTo(1);
    assertThat(r.check(SoakVerdict.CHECK).examples()).singleElement().asString().startsWith("booking heap after GC");
  }

  @Test
  void countsMayGrowByTwoButNotMore() {
    assertThat(judge(samples(i -> 18_000, i -> i < 10 ? 10 : 12)).violations()).isZero();
    assertThat(judge(samples(i -> 18_000, i -> i < 10 ? 10 : 13)).violations()).isEqualTo(1);
  }
}
