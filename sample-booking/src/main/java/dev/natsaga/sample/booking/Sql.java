package dev.natsaga.sample.booking;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import javax.sql.DataSource;

/** Small JDBC helpers shared by the booking tables' SQL classes. */
final class Sql {

  static final String UNIQUE_VIOLATION = "23505";

  private Sql() {
  }

  static OffsetDateTime time(Instant at) {
    return at == null ? null : OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  /** Work on one connection inside one transaction: commit when it returns, roll back when it throws. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection c) throws Exception;
  }

  static <T> T inTransaction(DataSource dataSource, Work<T> work) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (Exception e) {
        try {
          c.rollback();
        } catch (SQLException rollback) {
          e.addSuppressed(rollback);
        }
        if (e instanceof SQLException sql) {
          throw sql;
        }
        if (e instanceof RuntimeException r) {
          throw r;
        }
        throw new SQLException(e.getMessage(), e);
      } finally {
        c.setAutoCommit(autoCommit);
      }
    }
  }
}
