package dev.natsaga.bench;

import java.time.Duration;
import java.util.stream.Stream;

/**
 * CPU time of the processes beside the bench JVM that a saga also uses: the bench's own nats-server (a child process
 * of the bench JVM) and PostgreSQL's processes (every process named {@code postgres}: the postmaster, its backends and
 * its writers). Read from the operating system ({@link ProcessHandle.Info#totalCpuDuration()}); a backend that exits
 * between two readings takes its time with it, so the PostgreSQL figure is a lower bound.
 */
final class ServerCpu {

  /** CPU time so far, in nanoseconds, of the nats-server and of PostgreSQL. */
  record Reading(long natsNanos, long postgresNanos) {
    Reading minus(Reading earlier) {
      return new Reading(natsNanos - earlier.natsNanos, postgresNanos - earlier.postgresNanos);
    }
  }

  private ServerCpu() {
  }

  static Reading read() {
    long nats = cpu(ProcessHandle.current().descendants().filter(p -> named(p, "nats-server")));
    long postgres = cpu(ProcessHandle.allProcesses().filter(p -> named(p, "postgres")));
    return new Reading(nats, postgres);
  }

  private static boolean named(ProcessHandle p, String name) {
    return p.info().command().map(c -> c.endsWith("/" + name) || c.equals(name)).orElse(false);
  }

  private static long cpu(Stream<ProcessHandle> processes) {
    return processes.mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L)).sum();
  }
}
