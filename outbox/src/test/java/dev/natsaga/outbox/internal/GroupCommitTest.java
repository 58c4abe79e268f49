package dev.natsaga.outbox.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.natsaga.outbox.Durability;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Group commit on H2: which databases get it, that concurrent waiters share checkpoints, and that a process killed
 * with SIGKILL keeps every commit it had reported durable (and, without the wait, loses reported commits: the test's
 * own control).
 */
@Timeout(120)
class GroupCommitTest {

  @TempDir
  Path dir;

  @Test
  void onlyAnH2FileDatabaseWithAWriteDelayGetsAGroupCommit() {
    assertThat(GroupCommits.decide(h2("jdbc:h2:file:" + dir.resolve("a") + ";WRITE_DELAY=0"))).isSameAs(Durability.IMMEDIATE);
    assertThat(GroupCommits.decide(h2("jdbc:h2:file:" + dir.resolve("b")))).isInstanceOf(H2GroupCommit.class);
    assertThat(GroupCommits.decide(h2("jdbc:h2:file:" + dir.resolve("c") + ";WRITE_DELAY=2000"))).isInstanceOf(H2GroupCommit.class);
    assertThat(GroupCommits.decide(h2("jdbc:h2:mem:gc-" + System.nanoTime()))).isSameAs(Durability.IMMEDIATE);
    PGSimpleDataSource pg = new PGSimpleDataSource();
    pg.setURL("jdbc:postgresql://127.0.0.1:5432/test");
    pg.setUser("postgres");
    assertThat(GroupCommits.decide(pg)).isSameAs(Durability.IMMEDIATE);
  }

  @Test
  void oneInstancePerDataSource() {
    JdbcDataSource h2 = h2("jdbc:h2:file:" + dir.resolve("d"));
    assertThat(Durability.of(h2)).isSameAs(Durability.of(h2)).isNotSameAs(Durability.of(h2("jdbc:h2:file:" + dir.resolve("d"))));
  }

  @Test
  void waitersAtTheSameTimeShareCheckpoints() throws Exception {
    JdbcDataSource h2 = h2("jdbc:h2:file:" + dir.resolve("e") + ";WRITE_DELAY=60000");
    execute(h2, "CREATE TABLE effects(id INT PRIMARY KEY)");
    H2GroupCommit group = new H2GroupCommit(h2);
    int threads = 8;
    int each = 40;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int first = t * each;
        done.add(pool.submit(() -> {
          for (int i = first; i < first + each; i++) {
            execute(h2, "INSERT INTO effects VALUES (" + i + ")");
            group.awaitDurable();
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(count(h2)).isEqualTo(threads * each);
    assertThat(group.checkpoints()).as("checkpoints for %d durable commits", threads * each)
        .isGreaterThan(0).isLessThan(threads * each);
  }

  @Test
  void aKilledProcessKeepsEveryCommitItReportedDurable() throws Exception {
    Path db = dir.resolve("durable");
    Set<Integer> reported = killAfterReports(db, "durable");
    Set<Integer> stored = ids(h2("jdbc:h2:file:" + db));
    assertThat(stored).as("every commit reported durable before SIGKILL").containsAll(reported);
  }

  @Test
  void withoutTheWaitAKilledProcessLosesCommitsItReported() throws Exception {
    Path db = dir.resolve("committed");
    Set<Integer> reported = killAfterReports(db, "committed");
    Set<Integer> stored = ids(h2("jdbc:h2:file:" + db));
    assertThat(stored).as("the control: H2's write delay loses reported commits when nothing waits").hasSizeLessThan(reported.size());
  }

  private Set<Integer> killAfterReports(Path db, String mode) throws Exception {
    Path report = dir.resolve(mode + ".ids");
    String url = "jdbc:h2:file:" + db + ";WRITE_DELAY=60000";
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), GroupCommitCrashProcess.class.getName(), url, mode, report.toString())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    try {
      await().atMost(Duration.ofSeconds(60)).until(() -> !p.isAlive() || Files.exists(report) && Files.readAllLines(report).size() >= 200);
      assertThat(p.isAlive()).as("the committing process is running").isTrue();
    } finally {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
    Set<Integer> ids = new HashSet<>();
    for (String line : Files.readAllLines(report)) {
      if (!line.isBlank()) {
        ids.add(Integer.parseInt(line.trim()));
      }
    }
    return ids;
  }

  private static JdbcDataSource h2(String url) {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL(url);
    h2.setUser("sa");
    return h2;
  }

  private static void execute(JdbcDataSource h2, String sql) throws Exception {
    try (Connection c = h2.getConnection(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static int count(JdbcDataSource h2) throws Exception {
    return ids(h2).size();
  }

  private static Set<Integer> ids(JdbcDataSource h2) throws Exception {
    Set<Integer> ids = new HashSet<>();
    try (Connection c = h2.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT id FROM effects")) {
      while (r.next()) {
        ids.add(r.getInt(1));
      }
    }
    return ids;
  }
}
