package dev.natsaga.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Pools on an H2 file database that H2 closed under them: with {@code SHUTDOWN}, and as on a full disk, where a write
 * fails and H2 closes the database while several pooled sessions of it are open. A pool opened with
 * {@link ClosedDatabaseEviction#pool} recycles every connection on the first "database closed" error and then serves
 * only working connections; the rule alone (set by class name) evicts the failing connection only, so each other
 * pooled session fails once more; without any rule the dead connection comes back every time.
 */
class ClosedDatabaseEvictionTest {

  private static final int SESSIONS = 4;

  @AfterEach
  void roomAgain() {
    FullDiskFileSystem.fill(false);
  }

  @Test
  void withTheRuleThePoolOpensTheDatabaseAgain() throws Exception {
    try (HikariDataSource pool = pool(Rule.RECYCLE, diskUrl(), 1)) {
      shutdown(pool);

      int answered = -1;
      for (int borrow = 0; borrow < 2 && answered < 0; borrow++) {
        try {
          answered = count(pool);
        } catch (SQLException dead) {
          // the dead connection's failure is what evicts it
        }
      }
      assertThat(answered).as("within two borrows a fresh connection reopens the file").isEqualTo(1);
    }
  }

  @Test
  void withoutItTheDeadConnectionComesBackEveryTime() throws Exception {
    try (HikariDataSource pool = pool(Rule.NONE, diskUrl(), 1)) {
      shutdown(pool);

      for (int i = 0; i < 3; i++) {
        assertThatThrownBy(() -> count(pool)).isInstanceOf(SQLException.class).hasMessageContaining("closed");
      }
    }
  }

  @Test
  void aWriteFailingOnAFullDiskWithSeveralSessionsOpenRecyclesThePool() throws Exception {
    try (HikariDataSource pool = pool(Rule.RECYCLE, fullDiskUrl(), SESSIONS)) {
      openSessions(pool);
      closeByAFailedWrite(pool);
      FullDiskFileSystem.fill(false);

      assertThat(borrowTwice(pool)).as("after one 'database closed' every borrow gets a working connection")
          .containsOnly("ok");
    }
  }

  @Test
  void evictingOnlyTheFailingConnectionLeavesTheOtherSessionsDead() throws Exception {
    try (HikariDataSource pool = pool(Rule.EVICT_ONLY, fullDiskUrl(), SESSIONS)) {
      openSessions(pool);
      closeByAFailedWrite(pool);
      FullDiskFileSystem.fill(false);

      assertThat(borrowTwice(pool)).as("each other pooled session of the closed database fails once more")
          .contains("90098").endsWith("ok");
    }
  }

  /**
   * The outbox relay's round as the full-disk run hung it: a transaction is open when another connection's CHECKPOINT
   * fails on the full disk and H2 closes the store; the rollback fails (a general error, 50000, carrying the store's
   * "closed"/"writing failed"), and H2 2.x would spin for ever in {@code MVStore.registerVersionUsage} on the
   * {@code setAutoCommit(true)} that follows, or on the pool's closing of the connection. The rule recognizes the
   * rollback's error, so the pool evicts the connection and the call fails at once without reaching H2, and the guard
   * under the pool abandons the session instead of closing it; afterwards the pool serves working connections and no
   * thread loops in H2.
   */
  @Test
  @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aTransactionOpenWhenTheStoreClosesEndsInsteadOfSpinningInH2() throws Exception {
    try (HikariDataSource pool = pool(Rule.RECYCLE, fullDiskUrl(1000), SESSIONS)) {
      openSessions(pool);
      Connection open = pool.getConnection();
      open.setAutoCommit(false);
      try (Statement s = open.createStatement()) {
        s.execute("INSERT INTO t VALUES (2)");
      }
      FullDiskFileSystem.fill(true);
      try (Connection other = pool.getConnection(); Statement s = other.createStatement()) {
        s.execute("INSERT INTO t VALUES (3)");
        assertThatThrownBy(() -> s.execute("CHECKPOINT")).isInstanceOf(SQLException.class)
            .hasStackTraceContaining("No space left on device");
      } catch (SQLException closing) {
        // the statements before the checkpoint may already fail
      }

      SQLException rollback = catchThrowableOfType(SQLException.class, open::rollback);
      if (rollback != null) {
        // H2 2.5: the failed write closed the store under the open transaction, whose rollback then fails
        assertThat(ClosedDatabaseEviction.CLOSED).as("with a general error, not 'database closed'")
            .doesNotContain(rollback.getErrorCode());
        assertThat(ClosedDatabaseEviction.closedDatabase(rollback)).as("recognized by its store error").isTrue();
        assertThatThrownBy(() -> open.setAutoCommit(true)).as("fails at once instead of spinning in H2")
            .isInstanceOf(SQLException.class).hasMessageContaining("closed");
      }
      // H2 2.4 (the version the project pins) rolls the transaction back; either way the pool must recover below
      open.close();
      FullDiskFileSystem.fill(false);

      assertThat(borrowTwice(pool)).containsOnly("ok");
      assertThat(threadsSpinningInH2()).as("no thread (the pool's closer neither) loops in H2").isEmpty();
    }
  }

  /** Threads found in {@code MVStore.registerVersionUsage} in two looks 1 s apart. */
  private static List<String> threadsSpinningInH2() throws InterruptedException {
    List<String> first = inRegisterVersionUsage();
    Thread.sleep(1000);
    List<String> second = inRegisterVersionUsage();
    second.retainAll(first);
    return second;
  }

  private static List<String> inRegisterVersionUsage() {
    List<String> names = new ArrayList<>();
    Thread.getAllStackTraces().forEach((thread, frames) -> {
      for (StackTraceElement frame : frames) {
        if (frame.getMethodName().equals("registerVersionUsage")) {
          names.add(thread.getName());
          break;
        }
      }
    });
    return names;
  }

  private enum Rule { NONE, EVICT_ONLY, RECYCLE }

  private static String diskUrl() throws Exception {
    return "jdbc:h2:file:" + Files.createTempDirectory("natsaga-h2-closed").resolve("db") + ";DB_CLOSE_ON_EXIT=FALSE";
  }

  private static String fullDiskUrl() throws Exception {
    return fullDiskUrl(0);
  }

  private static String fullDiskUrl(int writeDelayMillis) throws Exception {
    Path db = Files.createTempDirectory("natsaga-h2-full").resolve("db");
    return FullDiskFileSystem.url(db) + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=" + writeDelayMillis;
  }

  private static HikariDataSource pool(Rule rule, String url, int size) throws Exception {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername("sa");
    config.setMaximumPoolSize(size);
    config.setConnectionTimeout(15_000);
    if (rule == Rule.EVICT_ONLY) {
      config.setExceptionOverrideClassName(ClosedDatabaseEviction.class.getName());
    }
    HikariDataSource pool = rule == Rule.RECYCLE ? ClosedDatabaseEviction.pool(config) : new HikariDataSource(config);
    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (id INT PRIMARY KEY)");
      s.execute("INSERT INTO t VALUES (1)");
      s.execute("CHECKPOINT");
    }
    return pool;
  }

  /** Borrows every connection of the pool at once and uses each: the pool holds that many open sessions. */
  private static void openSessions(HikariDataSource pool) throws SQLException {
    List<Connection> held = new ArrayList<>();
    try {
      for (int i = 0; i < SESSIONS; i++) {
        Connection c = pool.getConnection();
        held.add(c);
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM t")) {
          rs.next();
        }
      }
    } finally {
      for (Connection c : held) {
        c.close();
      }
    }
    assertThat(pool.getHikariPoolMXBean().getTotalConnections()).isEqualTo(SESSIONS);
  }

  /** The disk fills, a write fails, H2 closes the database: the connection is of no use any more. */
  private static void closeByAFailedWrite(HikariDataSource pool) throws SQLException {
    FullDiskFileSystem.fill(true);
    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.execute("INSERT INTO t VALUES (2)")).isInstanceOf(SQLException.class)
          .hasStackTraceContaining("No space left on device");
      assertThatThrownBy(() -> s.executeQuery("SELECT COUNT(*) FROM t")).isInstanceOf(SQLException.class);
    }
  }

  /** Borrows twice as many times as the pool has connections: "ok" or the error code, in order. */
  private static List<String> borrowTwice(HikariDataSource pool) {
    List<String> outcomes = new ArrayList<>();
    for (int i = 0; i < 2 * SESSIONS; i++) {
      try {
        assertThat(count(pool)).isEqualTo(1);
        outcomes.add("ok");
      } catch (SQLException e) {
        outcomes.add(String.valueOf(e.getErrorCode()));
      }
    }
    return outcomes;
  }

  /** H2 closes the database under the pool's one connection. */
  private static void shutdown(HikariDataSource pool) throws SQLException {
    Connection c = pool.getConnection();
    try (Statement s = c.createStatement()) {
      s.execute("SHUTDOWN");
    }
    try {
      c.close();
    } catch (SQLException closed) {
      // returning it to the pool fails: its database is gone (90121)
    }
  }

  private static int count(HikariDataSource pool) throws SQLException {
    try (Connection c = pool.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM t")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
