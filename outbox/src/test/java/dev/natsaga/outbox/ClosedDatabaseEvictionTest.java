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
import org.junit.jupiter.api.Test;

/**
 * A pool on an H2 file database that H2 closed under it (here with {@code SHUTDOWN}, as H2 itself does after a write it
 * cannot make on a full disk) recovers on the next borrow with the rule, and keeps handing out the dead connection
 * without it.
 */
class ClosedDatabaseEvictionTest {

  @Test
  void withTheRuleThePoolOpensTheDatabaseAgain() throws Exception {
    try (HikariDataSource pool = pool(true)) {
      closeDatabase(pool);

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
    try (HikariDataSource pool = pool(false)) {
      closeDatabase(pool);

      for (int i = 0; i < 3; i++) {
        assertThatThrownBy(() -> count(pool)).isInstanceOf(SQLException.class).hasMessageContaining("closed");
      }
    }
  }

  private static HikariDataSource pool(boolean withRule) throws Exception {
    Path dir = Files.createTempDirectory("natsaga-h2-closed");
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:h2:file:" + dir.resolve("db") + ";DB_CLOSE_ON_EXIT=FALSE");
    config.setUsername("sa");
    config.setMaximumPoolSize(1);
    if (withRule) {
      config.setExceptionOverrideClassName(ClosedDatabaseEviction.class.getName());
    }
    HikariDataSource pool = new HikariDataSource(config);
    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (id INT PRIMARY KEY)");
      s.execute("INSERT INTO t VALUES (1)");
    }
    return pool;
  }

  /** H2 closes the database under the pool's one connection. */
  private static void closeDatabase(HikariDataSource pool) throws SQLException {
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
