package dev.natsaga.saga.nats;

import dev.natsaga.saga.jdbc.SagaDatabaseOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Counting queries on a test database, one short connection each. */
final class Db {

  private static final int H2_TABLE_NOT_FOUND = 42102;
  private static final int H2_TABLE_NOT_FOUND_EMPTY = 42104;

  private final SagaDatabaseOptions options;

  Db(SagaDatabaseOptions options) {
    this.options = options;
  }

  /** @return the rows of a two-column query as "a=b" strings */
  java.util.List<String> rows(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(options.url(), options.user(), options.password());
      Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      java.util.List<String> rows = new java.util.ArrayList<>();
      while (rs.next()) {
        rows.add(rs.getString(1) + "=" + rs.getString(2));
      }
      return rows;
    }
  }

  long count(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(options.url(), options.user(), options.password());
      Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getLong(1) : 0;
    } catch (SQLException e) {
      if ("42P01".equals(e.getSQLState()) || e.getErrorCode() == H2_TABLE_NOT_FOUND || e.getErrorCode() == H2_TABLE_NOT_FOUND_EMPTY) {
        return 0;   // the process has not created the tables yet (PostgreSQL, H2)
      }
      throw e;
    }
  }
}
