package dev.natsaga.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * The soak run's verdict over its samples. <b>Warm-up</b> is the first 20 % of the run or its first 3 minutes,
 * whichever is longer (class loading, JIT, pools and caches filling); the samples after it are split in thirds, and
 * each series' floor (lowest value) in the last third may be at most 10 % above its floor in the first third: a leak
 * raises the floor, while what fills and empties again does not (both services' heap after GC rises about 10 MB and
 * drops back every 2 minutes, a fault's spike comes and goes). Series: each service's heap after a full GC, threads and
 * file handles (without the connections the run's own HTTP client keeps open to it); nats-server's threads and file
 * handles. Counts (threads, handles) may also grow by up to {@link #COUNT_SLACK}: one Go runtime thread more is 10 %
 * of nats-server's. Stream and database sizes grow with the bookings by design (streams
 * keep every event): they are reported per 1,000 bookings, not judged.
 */
final class SoakVerdict {

  static final double TOLERANCE = 0.10;
  /** Threads and file handles are small counts (nats-server runs about 10 threads): 2 more is within bounds too. */
  static final long COUNT_SLACK = 2;
  static final String CHECK = "soak: heap after GC, threads and file handles flat within 10 % after warm-up (floor of the last third vs the first)";

  private final Report report;
  private final Duration length;

  SoakVerdict(Report report, Duration length) {
    this.report = report;
    this.length = length;
  }

  static Duration warmUp(Duration length) {
    Duration fifth = Duration.ofMillis(length.toMillis() / 5);
    return fifth.compareTo(Duration.ofMinutes(3)) > 0 ? fifth : Duration.ofMinutes(3);
  }

  void check(List<SoakSampler.Sample> samples) {
    long warm = warmUp(length).toSeconds();
    List<SoakSampler.Sample> steady = samples.stream().filter(s -> s.elapsedS() >= warm).toList();
    report.figure("soak warm-up", warm + " s (" + (samples.size() - steady.size()) + " samples); judged: " + steady.size() + " samples");
    Map<String, ToLongFunction<SoakSampler.Sample>> series = new LinkedHashMap<>();
    series.put("booking heap after GC (KiB)", SoakSampler.Sample::bookingHeap);
    series.put("booking threads", SoakSampler.Sample::bookingThreads);
    series.put("booking file handles (without the run's HTTP connections)", x -> SoakSampler.Sample.own(x.bookingFds(), x.bookingHttp()));
    series.put("payment heap after GC (KiB)", SoakSampler.Sample::paymentHeap);
    series.put("payment threads", SoakSampler.Sample::paymentThreads);
    series.put("payment file handles (without the run's HTTP connections)", x -> SoakSampler.Sample.own(x.paymentFds(), x.paymentHttp()));
    series.put("nats-server threads", SoakSampler.Sample::natsThreads);
    series.put("nats-server file handles", SoakSampler.Sample::natsFds);
    Report.Check c = report.check(CHECK);
    series.forEach((name, f) -> judge(c, name, steady, f, name.contains("heap") ? 0 : COUNT_SLACK));
    growth("stream bytes", samples, SoakSampler.Sample::streamBytes);
    growth("database bytes", samples, SoakSampler.Sample::dbBytes);
    growth("nats-server resident memory (KiB)", samples, SoakSampler.Sample::natsRss);
  }

  private void judge(Report.Check c, String name, List<SoakSampler.Sample> steady, ToLongFunction<SoakSampler.Sample> f, long slack) {
    List<Long> v = new ArrayList<>();
    steady.forEach(s -> {
      long x = f.applyAsLong(s);
      if (x >= 0) {
        v.add(x);
      }
    });
    if (v.size() < 3) {
      c.fail(name + ": only " + v.size() + " samples after warm-up (run longer: --minutes 10 or more)");
      return;
    }
    int third = Math.max(1, v.size() / 3);
    List<Long> head = v.subList(0, third);
    List<Long> tail = v.subList(v.size() - third, v.size());
    long first = min(head);
    long last = min(tail);
    long max = v.stream().mapToLong(Long::longValue).max().orElse(0);
    double growth = first == 0 ? 0 : (last - first) / (double) first;
    report.figure("soak " + name + ": floor of the first / last third, growth; medians; max",
        first + " / " + last + ", " + String.format("%+.1f %%", growth * 100) + "; " + median(head) + " / " + median(tail) + "; " + max);
    c.verify(growth <= TOLERANCE || last - first <= slack,
        name + ": floor grew " + String.format("%+.1f %%", growth * 100) + " (" + first + " -> " + last + ")");
  }

  private void growth(String name, List<SoakSampler.Sample> samples, ToLongFunction<SoakSampler.Sample> f) {
    List<SoakSampler.Sample> known = samples.stream().filter(s -> f.applyAsLong(s) >= 0).toList();
    if (known.size() < 2) {
      return;
    }
    SoakSampler.Sample a = known.get(0);
    SoakSampler.Sample b = known.get(known.size() - 1);
    long bookings = b.posted() - a.posted();
    report.figure("soak " + name + ": first / last sample" + (bookings > 0 ? ", per 1,000 bookings" : ""), f.applyAsLong(a) + " / "
        + f.applyAsLong(b) + (bookings > 0 ? ", " + (f.applyAsLong(b) - f.applyAsLong(a)) * 1000 / bookings : ""));
  }

  private static long min(List<Long> v) {
    return v.stream().mapToLong(Long::longValue).min().orElse(0);
  }

  private static long median(List<Long> v) {
    List<Long> s = new ArrayList<>(v);
    s.sort(Long::compare);
    return s.get(s.size() / 2);
  }
}
