package dev.natsaga.reliability;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The soak run ({@code reliability/run.sh soak --minutes N}, not in CI): the fault run's bookings at a steady
 * {@link #RATE} for N minutes, a fault every {@link #FAULT_EVERY} (nats-server restarted, the payment service and the
 * booking service frozen in turn: faults the services survive, so each process's figures form one series), the
 * process and store figures sampled every 30 s ({@link SoakSampler}, CSV in the run's folder), then the fault run's
 * invariants and the verdict: after warm-up, each service's heap after GC, threads and file handles, and
 * nats-server's threads and file handles, flat within 10 % ({@link SoakVerdict}).
 *
 * @param o      the run's options
 * @param out    where the run prints
 * @param report what the run found
 */
record SoakRun(RunOptions o, PrintStream out, Report report) {

  static final double RATE = 3;
  static final Duration FAULT_EVERY = Duration.ofMinutes(3);
  private static final List<Faults.Kind> ROTATION = List.of(Faults.Kind.NATS_RESTART, Faults.Kind.PAYMENT_PAUSE, Faults.Kind.BOOKING_PAUSE);

  SoakRun(RunOptions options, PrintStream out) {
    this(options, out, new Report("soak run"));
  }

  static String describeFaults() {
    return "a fault about every " + FAULT_EVERY.toMinutes() + " minutes in turn: " + ROTATION;
  }

  Report run() throws Exception {
    Duration length = Duration.ofMillis((long) (o.bookings() * 1000 / o.rate()));
    List<Faults.Kind> plan = plan(length);
    return new DeployedRun(o, out, report).run("soak", "sk", "  faults planned: " + plan.size() + " " + plan,
        (d, load, bookings) -> soak(d, plan, load, bookings, length));
  }

  /** One fault per {@link #FAULT_EVERY} of the 85 % of the load that faults are spread over. */
  static List<Faults.Kind> plan(Duration length) {
    int n = (int) Math.max(1, length.toSeconds() * 0.85 / FAULT_EVERY.toSeconds());
    List<Faults.Kind> plan = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      plan.add(ROTATION.get(i % ROTATION.size()));
    }
    return plan;
  }

  private boolean soak(Deployment d, List<Faults.Kind> plan, BookingLoad load, BookingChecks bookings, Duration length) throws Exception {
    SoakSampler sampler = new SoakSampler(d, load).start();
    out.println("sampling every " + SoakSampler.INTERVAL.toSeconds() + " s into " + sampler.csv());
    Thread stopper = new Thread(() -> {
      ServiceProcess.sleep(length.toMillis() + SoakSampler.INTERVAL.toMillis());
      sampler.close();            // before the fault run's checks stop the services
    }, "soak-stop");
    stopper.setDaemon(true);
    stopper.start();
    boolean passed;
    try {
      passed = new FaultRun(o, out, report).faults(d, plan, load, bookings);
    } finally {
      sampler.close();
    }
    new SoakVerdict(report, length).check(sampler.samples());
    java.nio.file.Path kept = d.workDir().resolveSibling(d.workDir().getFileName() + ".csv");
    java.nio.file.Files.copy(sampler.csv(), kept, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    report.figure("samples", sampler.samples().size() + " in " + sampler.csv() + " (copied to " + kept + ", kept after the run)");
    return passed && report.violations() == 0;
  }
}
