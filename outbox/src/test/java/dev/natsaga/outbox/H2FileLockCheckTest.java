package dev.natsaga.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.natsaga.framework.health.ComponentHealth;
import dev.natsaga.framework.health.Health;
import dev.natsaga.framework.health.HealthReport;
import dev.natsaga.framework.health.HealthStatus;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The liveness check on a real H2 file database: UP while H2 can open it, DOWN naming the component while this process
 * holds the database file's lock without H2 having the database open — the state an H2 store left behind after a
 * failed write (full-disk run), reproduced here by holding the file's lock on a channel of the test's own, as that store
 * does — and UP again once the lock is gone. Other databases get no check.
 */
class H2FileLockCheckTest {

  @Test
  void aFileLockHeldByThisProcessFailsLivenessUntilItIsReleased() throws Exception {
    Path dir = Files.createTempDirectory("natsaga-h2-lock");
    String url = "jdbc:h2:file:" + dir.resolve("db") + ";DB_CLOSE_ON_EXIT=FALSE";
    Health health = new Health(Duration.ofSeconds(5));
    try (HikariDataSource pool = pool(url)) {
      health.register(H2FileLockCheck.forPool(pool).orElseThrow());
      assertThat(health.liveness().status()).isEqualTo(HealthStatus.UP);

      pool.getHikariPoolMXBean().softEvictConnections();   // no session left: H2 closes the database
      awaitClosed(dir.resolve("db.mv.db"));
      try (FileChannel channel = FileChannel.open(dir.resolve("db.mv.db"), StandardOpenOption.READ, StandardOpenOption.WRITE);
           FileLock ignored = channel.lock()) {
        HealthReport stuck = health.liveness();
        assertThat(stuck.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(stuck.failing()).containsExactly(H2FileLockCheck.NAME);
        ComponentHealth component = health.check(H2FileLockCheck.NAME).orElseThrow();
        assertThat(component.details().toString()).contains("only a restart frees it").contains("already in use");
      }
      assertThat(health.liveness().status()).as("the lock released").isEqualTo(HealthStatus.UP);
    } finally {
      health.close();
    }
  }

  @Test
  void onlyEmbeddedH2FileDatabasesGetTheCheck() {
    try (HikariDataSource unstarted = new HikariDataSource()) {
      unstarted.setJdbcUrl("jdbc:h2:mem:x");
      assertThat(H2FileLockCheck.forPool(unstarted)).isEmpty();
      unstarted.setJdbcUrl("jdbc:postgresql://127.0.0.1:5432/test");
      assertThat(H2FileLockCheck.forPool(unstarted)).isEmpty();
      unstarted.setJdbcUrl("jdbc:h2:tcp://127.0.0.1/x");
      assertThat(H2FileLockCheck.forPool(unstarted)).isEmpty();
    }
  }

  private static HikariDataSource pool(String url) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername("sa");
    config.setMaximumPoolSize(1);
    config.setMinimumIdle(0);
    return ClosedDatabaseEviction.pool(config);
  }

  /** Waits until H2 has released the file (a lock of our own can be taken and dropped). */
  private static void awaitClosed(Path file) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
           FileLock lock = channel.tryLock()) {
        if (lock != null) {
          return;
        }
      } catch (java.nio.channels.OverlappingFileLockException stillOpen) {
        // H2 still has it open
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("H2 did not close " + file);
      }
      Thread.sleep(50);
    }
  }
}
