package dev.natsaga.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The measurements in table order. A measurement that throws is reported with failed rows (and the
 * error on the log) and the suite goes on; {@link #failures()} tells how many failed.
 */
public final class BenchSuite {

  private final List<Measurement> measurements;
  private int failures;

  public BenchSuite(List<Measurement> measurements) {
    this.measurements = List.copyOf(measurements);
  }

  /** The rows: publish async and sync, consume (plain, idempotent), observability on/off, latency, memory, sagas. */
  public static BenchSuite standard() {
    return new BenchSuite(List.of(
        new PublishThroughput(true),
        new PublishThroughput(false),
        new ConsumeThroughput(),
        new PublishThroughput(true, true),
        new ConsumeThroughput(ConsumeThroughput.Variant.OBSERVED),
        new ConsumeThroughput(ConsumeThroughput.Variant.VALIDATED),
        new EndToEndLatency(),
        new MemoryFootprint(),
        new SagaRows(),
        new SagaListQuery(),
        new EventStoreAppend(),
        new EventStoreLoad(),
        new OrderedHandling(),
        new EncryptedRoundTrip()));
  }

  public List<Measurement> measurements() {
    return measurements;
  }

  /** Runs every selected measurement and returns all rows. */
  public List<BenchRow> run(BenchContext ctx, PrintStream log) {
    List<BenchRow> rows = new ArrayList<>();
    for (Measurement m : measurements) {
      if (!ctx.config().selects(m.id())) {
        continue;
      }
      log.printf("[%s]%n", m.id());
      long start = System.nanoTime();
      try {
        rows.addAll(m.run(ctx));
      } catch (Exception | AssertionError e) {
        failures++;
        log.printf("  FAILED: %s%n", e);
        e.printStackTrace(log);
        String error = String.valueOf(e);
        m.expectedRows().forEach(r -> rows.add(BenchRow.failed(r.name(), r.unit(), r.better(), error)));
      }
      log.printf("  (%.1f s)%n", (System.nanoTime() - start) / 1e9);
    }
    return rows;
  }

  public int failures() {
    return failures;
  }
}
