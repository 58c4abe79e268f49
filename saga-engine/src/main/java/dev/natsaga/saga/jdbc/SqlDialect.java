package dev.natsaga.saga.jdbc;

import dev.natsaga.outbox.DatabaseKind;
import dev.natsaga.outbox.OutboxException;
import java.sql.SQLException;
import javax.sql.DataSource;

/** The few statements that differ between the supported databases: the due-saga locking scan (the outbox's scan is the outbox module's). */
enum SqlDialect {

  POSTGRESQL(SagaSql.LOCK_DUE),
  H2(SagaSql.LOCK_DUE_H2);

  private final String lockDue;

  SqlDialect(String lockDue) {
    this.lockDue = lockDue;
  }

  String lockDue() {
    return lockDue;
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
