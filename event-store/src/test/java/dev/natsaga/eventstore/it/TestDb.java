package dev.natsaga.eventstore.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A database for projection tests: an in-memory H2 database, or a fresh schema in the PostgreSQL test database
 * ({@code NATSAGA_TEST_PG_URL}, default {@code jdbc:postgresql://127.0.0.1:5432/test}, user postgres), dropped on close.
 */
final class TestDb implements AutoCloseable {

  static final String PG_URL = System.getenv().getOrDefault("NATSAGA_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
  private static final String PG_USER = System.getenv().getOrDefault("NATSAGA_TEST_PG_USER", "postgres");

  private final String url;
  private final DataSource dataSource;
  private final String schema;

  private TestDb(String url, DataSource dataSource, String schema) {
    this.url = url;
    this.dataSource = dataSource;
    this.schema = schema;
  }

  static TestDb create(String kind) {
    return "postgres".equals(kind) ? postgres() : h2();
  }

  static TestDb h2() {
    String url = "jdbc:h2:mem:p" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1";
    return new TestDb(url, dataSource(url), null);
  }

  static TestDb postgres() {
    String schema = "natsaga_es_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    execute(PG_URL, "CREATE SCHEMA " + schema);
    String url = PG_URL + (PG_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema + "&user=" + PG_USER;
    return new TestDb(url, dataSource(url), schema);
  }

  /** A data source for a JDBC URL of H2 or PostgreSQL (also used by the projector child JVM). */
  static DataSource dataSource(String url) {
    if (url.startsWith("jdbc:postgresql:")) {
      PGSimpleDataSource pg = new PGSimpleDataSource();
      pg.setUrl(url);
      return pg;
    }
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL(url);
    return h2;
  }

  String url() {
    return url;
  }

  DataSource dataSource() {
    return dataSource;
  }

  void sql(String statement) {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.execute(statement);
    } catch (SQLException e) {
      throw new IllegalStateException(statement + ": " + e.getMessage(), e);
    }
  }

  long number(String query) {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
      return rs.next() ? rs.getLong(1) : -1;
    } catch (SQLException e) {
      throw new IllegalStateException(query + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    if (schema != null) {
      execute(PG_URL, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }

  private static void execute(String url, String sql) {
    try (Connection c = DriverManager.getConnection(url, PG_USER, ""); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL is required for the projection tests but '" + sql + "' failed at " + url
          + ": " + e.getMessage() + " -- start PostgreSQL or point NATSAGA_TEST_PG_URL at one", e);
    }
  }
}
