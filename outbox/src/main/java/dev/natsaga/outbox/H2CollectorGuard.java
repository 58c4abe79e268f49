package dev.natsaga.outbox;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * Refuses an embedded H2 file database in a JVM that runs the Z garbage collector. Under {@code -XX:+UseZGC} on JDK 17
 * H2 2.4.240's file store was seen failing with "File corrupted while reading record ... Position 0" within a minute of
 * saga load, three runs out of three and on three kinds of database work, one of them plain JDBC without natsaga
 * (reliability/README.md, "Known defects"); under G1, the JDK's default collector, never in hours of fault, soak and
 * bench runs. {@link ClosedDatabaseEviction#pool} checks it before a pool opens.
 *
 * <pre>{@code
 * H2CollectorGuard.requireSupportedCollector(jdbcUrl);   // IllegalStateException naming the collector and the fix
 * }</pre>
 */
public final class H2CollectorGuard {

  /** The name every ZGC collector bean starts with ("ZGC Cycles", "ZGC Pauses", "ZGC Minor Cycles", ...). */
  private static final String ZGC = "ZGC";

  private H2CollectorGuard() {
  }

  /** Fails when {@code jdbcUrl} is an embedded H2 file database and this JVM collects garbage with ZGC. */
  public static void requireSupportedCollector(String jdbcUrl) {
    requireSupported(jdbcUrl, ManagementFactory.getGarbageCollectorMXBeans().stream()
        .map(GarbageCollectorMXBean::getName).toList());
  }

  static void requireSupported(String jdbcUrl, List<String> collectors) {
    if (!DeadH2Shutdown.embeddedFile(jdbcUrl)) {
      return;
    }
    for (String collector : collectors) {
      if (collector.startsWith(ZGC)) {
        throw new IllegalStateException("the embedded H2 database " + jdbcUrl + " cannot run in a JVM with the Z garbage"
            + " collector (" + collector + "): H2's file store corrupts its file under it. Start the JVM without"
            + " -XX:+UseZGC (G1, the JDK's default, or -XX:+UseG1GC), or put the service's database on PostgreSQL");
      }
    }
  }
}
