package dev.natsaga.saga.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Small helpers around prepared statements, so each store operation is a few lines. */
final class Jdbc {

  /** Binds the parameters of a statement. */
  @FunctionalInterface
  interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  /** Maps the current row. */
  @FunctionalInterface
  interface Mapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  /** A unit of JDBC work. */
  @FunctionalInterface
  interface SqlCall<T> {
    T call() throws SQLException;
  }

  private Jdbc() {
  }

  static <T> List<T> query(Connection c, String sql, Binder binder, Mapper<T> mapper) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        List<T> rows = new ArrayList<>();
        while (rs.next()) {
          rows.add(mapper.map(rs));
        }
        return rows;
      }
    }
  }

  static <T> Optional<T> queryOne(Connection c, String sql, Binder binder, Mapper<T> mapper) throws SQLException {
    List<T> rows = query(c, sql, binder, mapper);
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  static int update(Connection c, String sql, Binder binder) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(ps);
      return ps.executeUpdate();
    }
  }

  /** Runs {@code call}, translating SQL errors into store exceptions naming {@code operation}. */
  static <T> T run(String operation, SqlCall<T> call) {
    try {
      return call.call();
    } catch (SQLException e) {
      throw SqlErrors.translate(e, operation);
    }
  }
}
