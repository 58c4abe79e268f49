package dev.natsaga.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The quick versions of the reliability runs (faults, pauses, clock jumps, partitions, full disks, fuzz), as CI runs
 * them in {@code mvn verify}: the samples' runnable jars (built by the reactor before this module) run as separate
 * processes against real nats-server processes. Each run's output is printed (Surefire keeps it in
 * target/surefire-reports) and its violations must be zero. The partition and full-disk runs need root (CI runs as
 * root); elsewhere they are skipped, saying why. Two runs go at a time (junit-platform.properties): each has its own
 * nats-server, service processes, ports, work folder and databases, and mostly waits on its booking rate.
 */
@Execution(ExecutionMode.CONCURRENT)
class ReliabilityQuickTest {

  @Test
  void quick_fault_run_has_no_violations() throws Exception {
    assertNoViolations(RunOptions.builder(RunOptions.Mode.FAULTS, true).build());
  }

  /**
   * On PostgreSQL: on H2 the pause run finds outbox rows the relay's {@code FOR UPDATE SKIP LOCKED} scan keeps skipping
   * after a nats-server freeze (an open defect, see reliability/README.md).
   */
  @Test
  void quick_pause_run_on_postgres_has_no_violations() throws Exception {
    assertNoViolations(RunOptions.builder(RunOptions.Mode.FAULTS, true).flag("--pauses").flag("--postgres").build());
  }

  @Test
  void quick_clock_jump_run_has_no_violations() throws Exception {
    assertNoViolations(RunOptions.builder(RunOptions.Mode.FAULTS, true).flag("--clock-jumps").build());
  }

  @Test
  void quick_partition_run_over_a_cluster_in_network_namespaces_has_no_violations() throws Exception {
    assumeTrue(root() && (Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/sbin/ip"))),
        "needs root and iproute2's ip to put the nats-server nodes in network namespaces");
    assertNoViolations(RunOptions.builder(RunOptions.Mode.FAULTS, true).flag("--cluster").flag("--partitions").build());
  }

  @Test
  void quick_full_disk_run_has_no_violations() throws Exception {
    assumeTrue(root(), "needs root to mount the tmpfs file systems the run fills");
    assertNoViolations(RunOptions.builder(RunOptions.Mode.FAULTS, true).flag("--full-disks").build());
  }

  @Test
  void quick_fuzz_run_has_no_violations() throws Exception {
    assertNoViolations(RunOptions.builder(RunOptions.Mode.FUZZ, true).build());
  }

  private static boolean root() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static void assertNoViolations(RunOptions options) throws Exception {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    PrintStream both = new PrintStream(new Tee(System.out, buffer), true, StandardCharsets.UTF_8);
    Report report = ReliabilityMain.run(options, both);
    String failing = report.checks().stream().filter(c -> c.violations() > 0)
        .map(c -> c.invariant() + ": " + c.violations() + " " + c.examples()).collect(Collectors.joining("\n"));
    assertThat(report.violations()).as("violations of the %s run:\n%s", options.mode(), failing).isZero();
    assertThat(buffer.toString(StandardCharsets.UTF_8).strip()).endsWith("violations: 0");
  }

  /** Writes to the console and keeps a copy. */
  private static final class Tee extends java.io.OutputStream {
    private final java.io.OutputStream a;
    private final java.io.OutputStream b;

    Tee(java.io.OutputStream a, java.io.OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public void write(int x) throws java.io.IOException {
      a.write(x);
      b.write(x);
    }

    @Override
    public void write(byte[] buf, int off, int len) throws java.io.IOException {
      a.write(buf, off, len);
      b.write(buf, off, len);
    }

    @Override
    public void flush() throws java.io.IOException {
      a.flush();
      b.flush();
    }
  }
}
