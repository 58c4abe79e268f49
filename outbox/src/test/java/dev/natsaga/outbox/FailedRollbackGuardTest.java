package dev.natsaga.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * H2 2.5 on a full disk: a transaction is open when another session's CHECKPOINT fails and H2 closes the store; the
 * transaction's rollback fails, and closing the raw H2 connection after that never returns (it loops in
 * {@code MVStore.registerVersionUsage}, burning a core; seen in the full-disk run, reproduced by hand). Through the
 * guard the rollback still fails, but closing returns at once and later calls fail without reaching H2.
 */
class FailedRollbackGuardTest {

  @AfterEach
  void roomAgain() {
    FullDiskFileSystem.fill(false);
  }

  @Test
  @Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aConnectionWhoseRollbackFailedOnAClosedDatabaseIsAbandonedNotClosedInH2() throws Exception {
    String url = FullDiskFileSystem.url(Files.createTempDirectory("natsaga-h2-guard").resolve("db"))
        + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=1000";
    Connection guarded = new FailedRollbackGuard(url).getConnection("sa", "");
    Connection other = DriverManager.getConnection(url, "sa", "");
    Statement s = other.createStatement();
    s.execute("CREATE TABLE t (id INT PRIMARY KEY)");
    s.execute("CHECKPOINT");
    guarded.setAutoCommit(false);
    try (Statement g = guarded.createStatement()) {
      g.execute("INSERT INTO t VALUES (1)");
    }
    FullDiskFileSystem.fill(true);
    try {
      s.execute("INSERT INTO t VALUES (2)");
      s.execute("CHECKPOINT");
    } catch (SQLException failedWrite) {
      assertThat((Throwable) failedWrite).hasStackTraceContaining("No space left on device");
    }
    FullDiskFileSystem.fill(false);

    SQLException rollback = catchThrowableOfType(SQLException.class, guarded::rollback);
    if (rollback != null) {
      // H2 2.5: the failed write closed the database under the open transaction
      assertThat(ClosedDatabaseEviction.closedDatabase(rollback)).isTrue();
      assertThatThrownBy(() -> guarded.setAutoCommit(true)).isInstanceOf(SQLException.class).hasMessageContaining("abandoned");
    } else {
      // H2 2.4 (the version the project pins): the rollback passes and the closed database shows on the next use
      assertThatThrownBy(() -> guarded.setAutoCommit(true)).isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(ClosedDatabaseEviction.closedDatabase((SQLException) e)).isTrue());
    }
    guarded.close();
    assertThat(guarded.isClosed()).isTrue();
    try {
      other.close();
    } catch (SQLException closedDatabase) {
      // its database is gone
    }
  }
}
