package dev.natsaga.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An embedded H2 file database is refused in a JVM running ZGC, naming the collector and the fix; G1, H2 in memory
 * and PostgreSQL pass. A JVM started with {@code -XX:+UseZGC} refuses to open the pool for real.
 */
class H2CollectorGuardTest {

  private static final List<String> ZGC = List.of("ZGC Cycles", "ZGC Pauses");
  private static final List<String> G1 = List.of("G1 Young Generation", "G1 Old Generation", "G1 Concurrent GC");

  @Test
  void anH2FileUnderZgcIsRefusedNamingTheCollectorAndTheFix() {
    assertThatThrownBy(() -> H2CollectorGuard.requireSupported("jdbc:h2:file:/var/lib/booking;WRITE_DELAY=0", ZGC))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("jdbc:h2:file:/var/lib/booking").hasMessageContaining("ZGC Cycles")
        .hasMessageContaining("-XX:+UseZGC").hasMessageContaining("-XX:+UseG1GC").hasMessageContaining("PostgreSQL");
  }

  @Test
  void g1AndDatabasesThatAreNoH2FilePass() {
    assertThatCode(() -> H2CollectorGuard.requireSupported("jdbc:h2:file:/var/lib/booking", G1)).doesNotThrowAnyException();
    assertThatCode(() -> H2CollectorGuard.requireSupported("jdbc:h2:mem:booking", ZGC)).doesNotThrowAnyException();
    assertThatCode(() -> H2CollectorGuard.requireSupported("jdbc:postgresql://127.0.0.1/test", ZGC)).doesNotThrowAnyException();
    assertThatCode(() -> H2CollectorGuard.requireSupported(null, ZGC)).doesNotThrowAnyException();
  }

  @Test
  void thisTestJvmOpensAnH2FilePool(@TempDir Path dir) {
    com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
    config.setJdbcUrl("jdbc:h2:file:" + dir.resolve("db"));
    try (var pool = ClosedDatabaseEviction.pool(config)) {
      assertThat(pool.isRunning()).isTrue();
    }
  }

  @Test
  void aJvmRunningZgcRefusesToOpenAnH2FilePool(@TempDir Path dir) throws IOException, InterruptedException {
    Path out = dir.resolve("out.txt");
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:+UseZGC",
        "-cp", System.getProperty("java.class.path"), H2CollectorGuardProcess.class.getName(),
        "jdbc:h2:file:" + dir.resolve("db"))
        .redirectErrorStream(true).redirectOutput(out.toFile()).start();
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String output = Files.readString(out, StandardCharsets.UTF_8);
    assertThat(child.exitValue()).as(output).isEqualTo(H2CollectorGuardProcess.REFUSED);
    assertThat(output).contains("ZGC").contains("-XX:+UseZGC");
    assertThat(dir.resolve("db.mv.db")).as("nothing was opened").doesNotExist();
  }
}
