package dev.natsaga.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.natsaga.outbox.internal.H2Files;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Compaction of an H2 file database that writes every commit (WRITE_DELAY=0), on real H2 files: the same workload of
 * single-statement commits (rows that stay, rows updated again and again, outbox rows inserted and deleted) leaves a
 * file well under two thirds of the size (about 0.4 measured), and chunks far fuller, with the housekeeping task than without it. Both databases
 * set {@code RETENTION_TIME=0}, so freed space is reused at once and the test need not outlast H2's 45 s window.
 */
class H2HousekeepingTest {

  private static final int SAGAS = 6_000;
  private static final String PAD = "x".repeat(300);

  @Test
  void aFileThatWritesEveryCommitStaysCompactWithHousekeeping() throws Exception {
    H2Files.FileFigures without = run(false);
    H2Files.FileFigures with = run(true);
    assertThat(with.bytes()).as("file with housekeeping %s, without %s", with, without).isLessThan(without.bytes() * 6 / 10);
    assertThat(with.chunksFillRate()).as("live share of the chunks").isGreaterThan(without.chunksFillRate() * 2);
  }

  @Test
  void onlyH2FilesThatWriteEveryCommitGetTheTask() throws Exception {
    Path dir = Files.createTempDirectory("natsaga-h2-hk");
    try (HikariDataSource delayed = pool("jdbc:h2:file:" + dir.resolve("delayed") + ";WRITE_DELAY=500");
         HikariDataSource memory = pool("jdbc:h2:mem:hk;DB_CLOSE_DELAY=-1")) {
      assertThat(H2Housekeeping.start(delayed)).as("H2's own writer compacts").isEmpty();
      assertThat(H2Housekeeping.start(memory)).isEmpty();
    }
    try (HikariDataSource immediate = pool("jdbc:h2:file:" + dir.resolve("immediate") + ";WRITE_DELAY=0");
         H2Housekeeping task = H2Housekeeping.start(immediate).orElseThrow()) {
      assertThat(task).isNotNull();
    }
  }

  private static H2Files.FileFigures run(boolean housekeeping) throws Exception {
    Path dir = Files.createTempDirectory("natsaga-h2-hk");
    try (HikariDataSource pool = pool("jdbc:h2:file:" + dir.resolve("db") + ";WRITE_DELAY=0;RETENTION_TIME=0")) {
      Optional<H2Housekeeping> task = housekeeping ? H2Housekeeping.start(pool, Duration.ofMillis(50)) : Optional.empty();
      assertThat(task.isPresent()).isEqualTo(housekeeping);
      try (Connection c = pool.getConnection()) {
        work(c);
        return H2Files.figures(c);
      } finally {
        task.ifPresent(H2Housekeeping::close);
      }
    }
  }

  /** Single-statement commits, as a saga store makes them: a row that stays, updated three times, outbox churn. */
  private static void work(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("create table saga(id bigint primary key, state varchar(400), version int)");
      s.execute("create table outbox(id bigint auto_increment primary key, body varchar(400))");
    }
    try (PreparedStatement insert = c.prepareStatement("insert into saga values(?, ?, 0)");
         PreparedStatement update = c.prepareStatement("update saga set state = ?, version = version + 1 where id = ?");
         PreparedStatement outbox = c.prepareStatement("insert into outbox(body) values(?)");
         PreparedStatement relayed = c.prepareStatement("delete from outbox where id < (select max(id) from outbox) - 100")) {
      for (int i = 1; i <= SAGAS; i++) {
        insert.setLong(1, i);
        insert.setString(2, PAD + i);
        insert.executeUpdate();
        for (int step = 0; step < 3; step++) {
          update.setString(1, PAD + step);
          update.setLong(2, i);
          update.executeUpdate();
          outbox.setString(1, PAD);
          outbox.executeUpdate();
        }
        relayed.executeUpdate();
      }
    }
  }

  private static HikariDataSource pool(String url) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername("sa");
    config.setMaximumPoolSize(2);
    return ClosedDatabaseEviction.pool(config);
  }
}
