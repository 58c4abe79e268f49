package dev.natsaga.saga.jdbc;

import dev.natsaga.outbox.DatabaseKind;
import dev.natsaga.outbox.OutboxException;
import java.sql.SQLException;
import javax.sql.DataSource;

/** The few statements that differ between the supported databases: the due-saga locking scan (the outbox's scan is the outbox module's). */
enum SqlDialect {

  POSTGRESQL(SagaSql.LOCK_DUE, SagaSql.FINISH_OPEN_STEPS + " RETURNING step_name, started_at"),
  H2(SagaSql.LOCK_DUE_H2, "SELECT step_name, started_at FROM FINAL TABLE (" + SagaSql.FINISH_OPEN_STEPS + ")");

  private final String lockDue;
  private final String finishOpenSteps;

  SqlDialect(String lockDue, String finishOpenSteps) {
    this.lockDue = lockDue;
    this.finishOpenSteps = finishOpenSteps;
  }

  String lockDue() {
    return lockDue;
  }

  /** Ends the open attempts of a step phase and returns each one's step name and start, in one statement. */
  String finishOpenSteps() {
    return finishOpenSteps;
  }

  /** @return the dialect of the database behind {@code dataSource} (PostgreSQL syntax for unknown products) */
  static SqlDialect of(DataSource dataSource) {
    try {
      return DatabaseKind.of(dataSource) == DatabaseKind.H2 ? H2 : POSTGRESQL;
    } catch (OutboxException e) {
      throw e.getCause() instanceof SQLException sql ? SqlErrors.translate(sql, "connect to the saga database") : e;
    }
  }
}
