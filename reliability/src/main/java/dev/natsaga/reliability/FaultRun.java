package dev.natsaga.reliability;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The fault run: both services and nats-server as separate processes, bookings at a steady rate, and faults on a
 * schedule ({@link Faults}); then the invariants, over what the services answer and what their databases and the
 * streams hold.
 *
 * @param o      the run's options
 * @param out    where the run prints
 * @param report what the run found
 */
record FaultRun(RunOptions o, PrintStream out, Report report) {

  FaultRun(RunOptions options, PrintStream out) {
    this(options, out, new Report("fault run"));
  }

  Report run() throws Exception {
    List<Faults.Kind> plan = Faults.plan(o);
    return new DeployedRun(o, out, report).run("faults", "ft", "  faults planned: " + plan.size() + " " + plan,
        (d, load, bookings) -> faults(d, plan, load, bookings));
  }

  /** The fault run's body: load, faults, outcomes and every invariant (the soak run calls it with its own plan). */
  boolean faults(Deployment d, List<Faults.Kind> plan, BookingLoad load, BookingChecks bookings) throws Exception {
    Duration loadDuration = Duration.ofMillis((long) (o.bookings() * 1000 / o.rate()));
    Faults faults = new Faults(d, plan, loadDuration);
    out.printf("driving %d bookings at %.1f/s (about %d s) with %d faults%n", o.bookings(), o.rate(), loadDuration.toSeconds(), plan.size());
    List<BookingRecord> records;
    try (LivenessWatchdog watchdog = new LivenessWatchdog(d.services(), out)) {
      faults.start();
      records = loadAndSettle(d, faults, load, bookings);
      watchdog.report(report);
    }
    d.stopServices();
    DatabaseSnapshot db = DatabaseSnapshot.read(d.databases());
    StoreChecks store = new StoreChecks(report, true);
    store.check(db, records, false);
    store.checkOutcomeEvents(Streams.readAll(d.connection(), d.stream("booking"), Duration.ofSeconds(120)), db);
    store.checkNoDeadLetters(Streams.readAll(d.connection(), d.dlqStream(), Duration.ofSeconds(120)));
    return report.violations() == 0;
  }

  /** Load under the faults, then every booking's outcome and the re-bookings; the services still running. */
  private List<BookingRecord> loadAndSettle(Deployment d, Faults faults, BookingLoad load, BookingChecks bookings) throws Exception {
    List<BookingRecord> records = new ArrayList<>(load.run(o.bookings(), o.rate()));
    faults.await(Duration.ofMinutes(10));
    Report.Check repaired = report.check("every fault repaired (the service or server healthy again)");
    faults.events().forEach(e -> repaired.verify(e.repairedAt != null, e + " never repaired"));
    faults.problems().forEach(repaired::fail);
    ensureUp(d);
    out.printf("load done: %d POSTs, %d accepted; waiting for outcomes (bound %d s)%n", records.size(),
        records.stream().filter(BookingRecord::accepted).count(), o.settleBound().toSeconds());

    bookings.awaitOutcomes(records, o.settleBound());
    bookings.checkSettled(records);
    records.addAll(bookings.rebookCancelledSlots(records, load, o.quick() ? 10 : 60, o.settleBound()));
    bookings.recoveryTimes(faults.events(), records);
    report.figure("POST /bookings", records.size() + " sent, " + records.stream().filter(BookingRecord::accepted).count()
        + " accepted, " + records.stream().filter(r -> !r.accepted()).count() + " refused while a service was down");
    return records;
  }

  /** A service whose restart failed is started once more, so the checks can run. */
  private void ensureUp(Deployment d) {
    for (ServiceProcess s : d.services()) {
      if (!s.isAlive()) {
        out.println("  " + s.name() + " is down after the faults; starting it for the checks");
        s.start().awaitHealthy(Deployment.START_TIMEOUT);
      }
    }
  }
}
