package dev.natsaga.saga.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The few statements that differ between the supported databases: the due-saga locking scan (the outbox's scan is the outbox module's). */
enum SqlDialect {

  POSTGRESQL(SagaSql.LOCK_DUE),
  H2(SagaSql.LOCK_DUE_H2);

  private static final Logger LOG = LoggerFactory.getLogger(SqlDialect.class);

  private final String lockDue;

  SqlDialect(String lockDue) {
    this.lockDue = lockDue;
  }

  String lockDue() {
    return lockDue;
  }

  /** @return the dialect of the database behind {@code dataSource} (PostgreSQL syntax for unknown products) */
  static SqlDialect of(DataSource dataSource) {
    try (Connection c = dataSource.getConnection()) {
      String product = c.getMetaData().getDatabaseProductName();
      if (product.toLowerCase(Locale.ROOT).contains("h2")) {
        return H2;
      }
      if (!product.toLowerCase(Locale.ROOT).contains("postgres")) {
        LOG.warn("saga store is tested on H2 and PostgreSQL only; using PostgreSQL SQL for {}", product);
      }
      return POSTGRESQL;
    } catch (SQLException e) {
      throw SqlErrors.translate(e, "connect to the saga database");
    }
  }
}
