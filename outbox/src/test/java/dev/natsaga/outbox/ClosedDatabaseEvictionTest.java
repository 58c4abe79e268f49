package dev.natsaga.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

  private enum Rule { NONE, EVICT_ONLY, RECYCLE }

  private static String diskUrl() throws Exception {
    return "jdbc:h2:file:" + Files.createTempDirectory("natsaga-h2-closed").resolve("db") + ";DB_CLOSE_ON_EXIT=FALSE";
  }

  private static String fullDiskUrl() throws Exception {
    Path db = Files.createTempDirectory("natsaga-h2-full").resolve("db");
    return FullDiskFileSystem.url(db) + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
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

  /** The disk fills, a write fails, H2 closes the database; the next statement is told so (90098). */
  private static void closeByAFailedWrite(HikariDataSource pool) throws SQLException {
    FullDiskFileSystem.fill(true);
    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.execute("INSERT INTO t VALUES (2)")).isInstanceOf(SQLException.class)
          .hasStackTraceContaining("No space left on device");
      assertThatThrownBy(() -> s.executeQuery("SELECT COUNT(*) FROM t")).isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(90098));
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
