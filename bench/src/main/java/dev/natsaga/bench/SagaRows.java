package dev.natsaga.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The saga rows: the booking saga of {@code sample-booking} with its payment participant {@code sample-payment}, both
 * running in the bench JVM against the bench's nats-server ({@link SagaFixture}), loaded through
 * {@code POST /bookings} ({@link SagaLoad}). No raw twin, so raw and ratio stay null.
 * <ul>
 *   <li>sagas/s at saturation on H2 (and on PostgreSQL when it is reachable): a closed loop with
 *       {@value #IN_FLIGHT} bookings in flight, confirmed outcomes counted in the window after the warm-up;</li>
 *   <li>p50 / p99 saga latency at a fixed {@value #RATE} sagas/s (intended start → outcome event), same H2 fixture, measured
 *       after its side-by-side windows, so on the JIT-warm saga path a long-running service has (the saga path on H2 keeps
 *       compiling for minutes, and the first stretch is slower than 200 sagas/s);</li>
 *   <li>throughput with many stored sagas over throughput with few ({@link SagaPrefill}): both fixtures open at once,
 *       measured in half windows in the order A, B, B, A (who is A alternates per repeat), the median of each repeat's
 *       ratio;</li>
 *   <li>sagas/s against the two baselines on each database: the store ceiling, and the hand-written saga, which runs
 *       beside the open framework fixture in the same A, B, B, A half windows (the median of each repeat's ratio).</li>
 * </ul>
 */
final class SagaRows implements Measurement {

  static final int IN_FLIGHT = 200;
  static final int RATE = 200;
  /** Smoke test only: a cold saga path's first outcomes come after about a second; its windows must start later. */
  private static final Duration SMOKE_COLD_WARMUP = Duration.ofSeconds(2);
  /** The least warm-up of a side-by-side half window (see {@link #halfWindowWarmup}). */
  private static final Duration HALF_WINDOW_WARMUP = Duration.ofSeconds(2);
  /** The least measured half window side by side: the smoke preset's 0.35 s counted a dozen outcomes on a busy box. */
  private static final Duration HALF_WINDOW = Duration.ofSeconds(1);
  private static final String H2_RATE = "sagas/s at saturation (H2)";
  private static final String P50 = "saga latency p50 @200/s (H2)";
  private static final String P99 = "saga latency p99 @200/s (H2)";
  private static final String PG_RATE = "sagas/s at saturation (PostgreSQL)";
  private static final String STORED = "sagas/s with 1M stored / with 10k stored (H2)";
  private static final String VS_CEILING = "sagas/s vs store ceiling (%s)";
  private static final String VS_HAND_WRITTEN = "sagas/s vs hand-written saga (%s)";

  @Override
  public String id() {
    return "saga";
  }

  @Override
  public List<BenchRow> expectedRows() {
    return List.of(
        BenchRow.skipped(H2_RATE, "sagas/s", "higher", "not run"),
        BenchRow.skipped(P50, "ms", "lower", "not run"),
        BenchRow.skipped(P99, "ms", "lower", "not run"),
        BenchRow.skipped(VS_CEILING.formatted("H2"), "sagas/s", "higher", "not run"),
        BenchRow.skipped(VS_HAND_WRITTEN.formatted("H2"), "sagas/s", "higher", "not run"),
        BenchRow.skipped(PG_RATE, "sagas/s", "higher", "not run"),
        BenchRow.skipped(VS_CEILING.formatted("PostgreSQL"), "sagas/s", "higher", "not run"),
        BenchRow.skipped(VS_HAND_WRITTEN.formatted("PostgreSQL"), "sagas/s", "higher", "not run"),
        BenchRow.skipped(STORED, "ratio", "higher", "not run"));
  }

  @Override
  public List<BenchRow> run(BenchContext ctx) throws Exception {
    if (!ctx.config().runsFramework()) {
      return expectedRows().stream().map(r -> BenchRow.skipped(r.name(), r.unit(), r.better(), "no raw side")).toList();
    }
    List<BenchRow> rows = new ArrayList<>(h2Rows(ctx));
    rows.addAll(postgresRows(ctx));
    rows.add(storedRow(ctx));
    return rows;
  }

  private List<BenchRow> h2Rows(BenchContext ctx) throws Exception {
    BenchConfig c = ctx.config();
    try (SagaFixture f = SagaFixture.start(ctx, SagaDatabases.h2())) {
      SagaLoad.Saturation saturation = saturate(ctx, f, "H2", firstWarmup(c));
      List<BenchRow> baselines = baselines(ctx, "H2", f, SagaDatabases::h2);
      double[] p50 = new double[c.repeats()];
      double[] p99 = new double[c.repeats()];
      for (int r = 0; r < c.repeats(); r++) {
        long[] latencies = SagaLoad.latencies(f, RATE, c.warmup(), c.measure());
        p50[r] = Stats.percentile(latencies, 50) / 1e6;
        p99[r] = Stats.percentile(latencies, 99) / 1e6;
        ctx.log("saga latency @%d/s run %d/%d: p50 %.2f ms, p99 %.2f ms, max %.2f ms (%d sagas)", RATE, r + 1, c.repeats(),
            p50[r], p99[r], latencies[latencies.length - 1] / 1e6, latencies.length);
      }
      List<BenchRow> rows = new ArrayList<>(List.of(
          BenchRow.frameworkOnly(H2_RATE, "sagas/s", "higher", saturation.perSecond()).withNote(note(saturation)),
          BenchRow.frameworkOnly(P50, "ms", "lower", Stats.median(p50)),
          BenchRow.frameworkOnly(P99, "ms", "lower", Stats.median(p99))));
      rows.addAll(baselines);
      long sagas = f.verifyAllCompleted();
      ctx.log("saga store after the H2 runs: %d sagas, all COMPLETED; %s", sagas, f.footprint(sagas));
      return rows;
    }
  }

  /**
   * The two baselines of the framework's saga on the same kind of database: the store ceiling ({@link StoreCeiling}) on
   * fresh databases, and the hand-written saga ({@link HandWrittenSaga}) on fresh databases measured against the open
   * framework fixture in half windows A, B, B, A (who is A alternates per repeat), so a JIT still warming up or a load
   * that drifts hits both alike.
   */
  private List<BenchRow> baselines(BenchContext ctx, String db, SagaFixture framework, Databases fresh) throws Exception {
    BenchConfig c = ctx.config();
    double[] ceiling = new double[c.repeats()];
    StoreCeiling.Result last = null;
    try (SagaDatabases databases = fresh.open()) {
      SagaFixture.migrate(ctx, databases);
      for (int r = 0; r < c.repeats(); r++) {
        last = StoreCeiling.measure(databases, c.warmup(), c.measure());
        ceiling[r] = last.perSecond();
        ctx.log("store ceiling (%s) run %d/%d: %s", db, r + 1, c.repeats(), last);
      }
    }
    Paired paired;
    try (HandWrittenSaga saga = HandWrittenSaga.start(ctx, fresh.open())) {
      List<Long> warmup = new ArrayList<>();
      SagaLoad.saturate(saga, IN_FLIGHT, c.warmup(), firstWarmup(c), c.warmup(), warmup);
      ctx.log("hand-written saga (%s) warmed up (warm-up seconds: %s)", db, warmup);
      paired = paired(ctx, db, framework, saga);
      long sagas = saga.verifyAllConfirmed();
      ctx.log("hand-written saga (%s) after the load: %d bookings, all CONFIRMED; %s", db, sagas, saga.footprint(sagas));
    }
    return List.of(
        BenchRow.higher(VS_CEILING.formatted(db), "sagas/s", paired.framework().perSecond(), Stats.median(ceiling))
            .withNote(String.format("ceiling: the saga's statements and transactions with no messaging, %d workers, batches of %d"
                + " (%.2f + %.2f commits per saga); CPU per saga: %.2f ms bench JVM, %.2f ms PostgreSQL; framework: its"
                + " A, B, B, A windows against the hand-written saga", StoreCeiling.WORKERS,
                StoreCeiling.BATCH, last.bookingCommits(), last.paymentCommits(), last.cpuMillisPerSaga(),
                last.postgresMillisPerSaga())),
        new BenchRow(VS_HAND_WRITTEN.formatted(db), "sagas/s", paired.framework().perSecond(), paired.hand().perSecond(),
            Stats.median(paired.ratios()), "higher", BenchRow.OK, null)
            .withNote("hand-written saga on raw jnats + JDBC, both open at once, half windows A, B, B, A; ratio: the median of"
                + " each repeat's; " + note(paired.hand()).substring("closed loop, ".length())));
  }

  /** The framework and the hand-written saga measured in A, B, B, A half windows, each repeat's ratio and each side's medians. */
  private record Paired(SagaLoad.Saturation framework, SagaLoad.Saturation hand, double[] ratios) {
  }

  private static Paired paired(BenchContext ctx, String db, SagaSystem framework, SagaSystem hand) throws Exception {
    BenchConfig c = ctx.config();
    List<SagaLoad.Saturation> fw = new ArrayList<>();
    List<SagaLoad.Saturation> hw = new ArrayList<>();
    double[] ratios = new double[c.repeats()];
    for (int r = 0; r < c.repeats(); r++) {
      SagaLoad.Saturation[] sums = {null, null};
      for (SagaSystem s : abba(r % 2 == 0 ? framework : hand, r % 2 == 0 ? hand : framework)) {
        SagaLoad.Saturation half = SagaLoad.saturate(s, IN_FLIGHT, halfWindowWarmup(c),
            atLeast(c.measure().dividedBy(2), HALF_WINDOW));
        int side = s == framework ? 0 : 1;
        sums[side] = sums[side] == null ? half : mean(sums[side], half);
      }
      fw.add(sums[0]);
      hw.add(sums[1]);
      ratios[r] = sums[0].perSecond() / sums[1].perSecond();
      ctx.log("framework vs hand-written (%s) run %d/%d: %s | %s: ratio %.3f", db, r + 1, c.repeats(), sums[0], sums[1],
          ratios[r]);
    }
    return new Paired(median(fw), median(hw), ratios);
  }

  /**
   * A half window's warm-up: half the preset's, but at least {@link #HALF_WINDOW_WARMUP}. Each half window starts the
   * closed loop afresh, and its first outcomes come one saga latency later (under the loop's load about a second on
   * PostgreSQL): the smoke preset's 0.15 s left the framework's PostgreSQL windows without an outcome on a busy CI box.
   */
  private static Duration halfWindowWarmup(BenchConfig c) {
    return atLeast(c.warmup().dividedBy(2), HALF_WINDOW_WARMUP);
  }

  private static Duration atLeast(Duration d, Duration least) {
    return d.compareTo(least) < 0 ? least : d;
  }

  private static SagaLoad.Saturation mean(SagaLoad.Saturation a, SagaLoad.Saturation b) {
    return new SagaLoad.Saturation((a.perSecond() + b.perSecond()) / 2, (a.cpuMillisPerSaga() + b.cpuMillisPerSaga()) / 2,
        (a.natsMillisPerSaga() + b.natsMillisPerSaga()) / 2, (a.postgresMillisPerSaga() + b.postgresMillisPerSaga()) / 2);
  }

  /** Each figure's median over the repeats. */
  private static SagaLoad.Saturation median(List<SagaLoad.Saturation> runs) {
    return new SagaLoad.Saturation(median(runs, SagaLoad.Saturation::perSecond),
        median(runs, SagaLoad.Saturation::cpuMillisPerSaga), median(runs, SagaLoad.Saturation::natsMillisPerSaga),
        median(runs, SagaLoad.Saturation::postgresMillisPerSaga));
  }

  private static double median(List<SagaLoad.Saturation> runs, ToDoubleFunction<SagaLoad.Saturation> figure) {
    return Stats.median(runs.stream().mapToDouble(figure).toArray());
  }

  /** Fresh databases of one kind. */
  @FunctionalInterface
  private interface Databases {
    SagaDatabases open() throws Exception;
  }

  private List<BenchRow> postgresRows(BenchContext ctx) throws Exception {
    SagaDatabases.PgLogin login = SagaDatabases.postgresLogin();
    if (login.user().isEmpty()) {
      return List.of(BenchRow.skipped(PG_RATE, "sagas/s", "higher", login.reason()),
          BenchRow.skipped(VS_CEILING.formatted("PostgreSQL"), "sagas/s", "higher", login.reason()),
          BenchRow.skipped(VS_HAND_WRITTEN.formatted("PostgreSQL"), "sagas/s", "higher", login.reason()));
    }
    String user = login.user().get();
    String name = pgName();
    try (SagaFixture f = SagaFixture.start(ctx, SagaDatabases.postgres(name, user))) {
      SagaLoad.Saturation saturation = saturate(ctx, f, "PostgreSQL", postgresWarmup(ctx.config()));
      List<BenchRow> rows = new ArrayList<>();
      rows.add(BenchRow.frameworkOnly(PG_RATE, "sagas/s", "higher", saturation.perSecond())
          .withNote(note(saturation) + "; databases " + name + "_booking/_payment, dropped after"));
      rows.addAll(baselines(ctx, "PostgreSQL", f, () -> SagaDatabases.postgres(pgName(), user)));
      long sagas = f.verifyAllCompleted();
      ctx.log("saga store after the PostgreSQL runs: %d sagas, all COMPLETED; %s", sagas, f.footprint(sagas));
      return rows;
    }
  }

  private static String pgName() {
    return "natsaga_bench_" + Long.toString(System.nanoTime(), 36);
  }

  private BenchRow storedRow(BenchContext ctx) throws Exception {
    BenchConfig c = ctx.config();
    int few = c.mode().equals("smoke") ? 1_000 : 10_000;
    int many = switch (c.mode()) {
      case "full" -> 1_000_000;
      case "quick" -> 50_000;
      default -> 5_000;
    };
    try (SagaFixture small = SagaFixture.start(ctx, SagaDatabases.h2());
         SagaFixture big = SagaFixture.start(ctx, SagaDatabases.h2())) {
      fill(ctx, small, few);
      fill(ctx, big, many);
      double[] ratios = new double[c.repeats()];
      for (int r = 0; r < c.repeats(); r++) {
        double withMany = 0;
        double withFew = 0;
        for (SagaFixture f : abba(r % 2 == 0 ? big : small, r % 2 == 0 ? small : big)) {
          double rate = SagaLoad.saturate(f, IN_FLIGHT, c.warmup().dividedBy(2), c.measure().dividedBy(2)).perSecond() / 2;
          withMany += f == big ? rate : 0;
          withFew += f == small ? rate : 0;
        }
        ratios[r] = withMany / withFew;
        ctx.log("sagas/s with %,d stored %.0f, with %,d stored %.0f: ratio %.3f (run %d/%d)", many, withMany, few, withFew,
            ratios[r], r + 1, c.repeats());
      }
      big.verifyAllCompleted();
      small.verifyAllCompleted();
      String note = String.format("%,d vs %,d finished sagas stored%s", many, few,
          many == 1_000_000 ? "" : " (" + c.mode() + " run: fewer than 1M)");
      return BenchRow.frameworkOnly(STORED, "ratio", "higher", Stats.median(ratios)).withNote(note);
    }
  }

  /**
   * The longest warm-up of the first fixture (it ends earlier once the rate is stable): the JIT has not seen the saga
   * path yet, and the preset warm-up (1 s in a quick run) left the first window at a fraction of the warm rate (quick
   * runs ramped up over about 6 s).
   */
  private static Duration firstWarmup(BenchConfig c) {
    return c.mode().equals("smoke") ? SMOKE_COLD_WARMUP : Duration.ofSeconds(Math.max(12, c.warmup().toSeconds()));
  }

  /**
   * The PostgreSQL fixture's warm-up: the preset's, except in the smoke test, where its new databases and services
   * answer their first bookings only after about a second (smoke p50 1 s) and the preset's 0.3 s left the 0.7 s window
   * without a completed saga now and then (the row read 0 sagas/s in CI).
   */
  private static Duration postgresWarmup(BenchConfig c) {
    return c.mode().equals("smoke") ? SMOKE_COLD_WARMUP : c.warmup();
  }

  /** A, B, B, A: each side gets two half windows, so a load that drifts during the four hits both alike. */
  private static <T> List<T> abba(T a, T b) {
    return List.of(a, b, b, a);
  }

  /** Warms the fixture up (which also gives it a completed saga to clone), then stores {@code count} more. */
  private static void fill(BenchContext ctx, SagaFixture f, int count) throws Exception {
    SagaLoad.saturate(f, IN_FLIGHT, Duration.ZERO, ctx.config().warmup());
    long t = System.nanoTime();
    try (java.sql.Connection c = f.databases().booking()) {
      SagaPrefill.fill(c, count);
    }
    ctx.log("stored %,d finished sagas in %.1f s", count, (System.nanoTime() - t) / 1e9);
  }

  /**
   * The closed loop {@code repeats} times; the first repeat warms up for {@code firstWarmup} at most (less once the rate
   * is stable), the others for the preset warm-up. @return the median rate and CPU per saga
   */
  private static SagaLoad.Saturation saturate(BenchContext ctx, SagaSystem f, String db, Duration firstWarmup) throws Exception {
    BenchConfig c = ctx.config();
    List<SagaLoad.Saturation> runs = new ArrayList<>();
    for (int r = 0; r < c.repeats(); r++) {
      List<Long> warmup = new ArrayList<>();
      SagaLoad.Saturation s = SagaLoad.saturate(f, IN_FLIGHT, c.warmup(), r == 0 ? firstWarmup : c.warmup(), c.measure(), warmup);
      runs.add(s);
      ctx.log("sagas/s at saturation (%s) run %d/%d: %s (warm-up seconds: %s)", db, r + 1, c.repeats(), s, warmup);
    }
    return median(runs);
  }

  private static String note(SagaLoad.Saturation s) {
    return String.format("closed loop, %d bookings in flight via POST /bookings; CPU per saga: %.2f ms bench JVM, %.2f ms"
        + " nats-server, %.2f ms PostgreSQL", IN_FLIGHT, s.cpuMillisPerSaga(), s.natsMillisPerSaga(), s.postgresMillisPerSaga());
  }
}
