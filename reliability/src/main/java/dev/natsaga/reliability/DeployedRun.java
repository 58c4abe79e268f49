package dev.natsaga.reliability;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The frame the fault run and the fuzz run share: the work folder, the run's parameters, the deployment (nats-server
 * and both services), the booking load and the HTTP checks, then the clean-up: a passing run deletes its work folder
 * and PostgreSQL databases unless {@code --keep}; any other run keeps them and says where.
 *
 * @param o      the run's options
 * @param out    where the run prints
 * @param report the run's report, which the HTTP checks and the body fill
 */
record DeployedRun(RunOptions o, PrintStream out, Report report) {

  /** The run itself, between start and clean-up. */
  @FunctionalInterface
  interface Body {
    /** Drives the deployment; true when the run passed (its clean-up may then delete the work folder). */
    boolean run(Deployment d, BookingLoad load, BookingChecks bookings) throws Exception;
  }

  /**
   * Runs {@code body} on a fresh deployment.
   *
   * @param name      the work folder's name ({@code faults}, {@code fuzz})
   * @param idPrefix  the booking ids' prefix, so two runs' bookings never share an id
   * @param planned   printed after the run's parameters, before the deployment starts (null: nothing)
   */
  Report run(String name, String idPrefix, String planned, Body body) throws Exception {
    ProjectFiles files = ProjectFiles.locate();
    Path work = o.workDir() != null ? o.workDir() : files.newWorkDir(name);
    Http http = new Http();
    RunParameters.print(out, o, work);
    if (planned != null) {
      out.println(planned);
    }
    boolean passed = false;
    Databases databases = null;
    try (Deployment d = Deployment.start(o, files, work, http)) {
      databases = d.databases();
      out.println("started: " + d.describe());
      BookingLoad load = new BookingLoad(d::booking, http, o.declineAbove(), o.seed(),
          idPrefix + Long.toString(System.currentTimeMillis(), 36));
      BookingChecks bookings = new BookingChecks(d, report);
      try {
        passed = body.run(d, load, bookings);
      } finally {
        load.close();
        bookings.close();
      }
    } finally {
      cleanUp(passed, work, databases);
    }
    return report;
  }

  private void cleanUp(boolean passed, Path work, Databases databases) {
    if (passed && !o.keep()) {
      Deployment.deleteRecursively(work);
      if (databases != null) {
        databases.dropPostgres();
      }
    } else {
      out.println("work folder kept: " + work);
    }
  }
}
