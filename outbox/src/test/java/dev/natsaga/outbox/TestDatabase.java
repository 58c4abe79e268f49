package dev.natsaga.outbox;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A fresh database for one test class: an H2 file in a temp directory, or a fresh schema in the PostgreSQL test
 * database ({@code NATSAGA_TEST_PG_URL}, default {@code jdbc:postgresql://127.0.0.1:5432/test}, user
 * {@code postgres}), dropped on close. PostgreSQL being unreachable fails the test with a message saying so.
 */
final class TestDatabase implements AutoCloseable {

  static final String PG_URL = env("NATSAGA_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
  static final String PG_USER = env("NATSAGA_TEST_PG_USER", "postgres");
  static final String PG_PASSWORD = env("NATSAGA_TEST_PG_PASSWORD", "");

  private final String url;
  private final String schema;
  private final HikariDataSource pool;

  private TestDatabase(String url, String schema, String user, String password) {
    this.url = url;
    this.schema = schema;
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(8);
    this.pool = new HikariDataSource(config);
  }

  static TestDatabase h2() {
    return h2("");
  }

  /** An H2 file database that a second process can open too (H2's automatic mixed mode). */
  static TestDatabase h2Shared() {
    return h2(";AUTO_SERVER=TRUE");
  }

  private static TestDatabase h2(String options) {
    try {
      Path dir = Files.createTempDirectory("natsaga-outbox");
      return new TestDatabase("jdbc:h2:file:" + dir.resolve("db") + ";WRITE_DELAY=0" + options, null, "sa", "");
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static TestDatabase postgres() {
    String schema = "natsaga_o_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    execute("CREATE SCHEMA " + schema);
    return new TestDatabase(PG_URL + (PG_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema, schema,
        PG_USER, PG_PASSWORD);
  }

  /** @return {@code postgres} or a shared H2 file database */
  static TestDatabase of(String kind) {
    return "postgres".equals(kind) ? postgres() : h2Shared();
  }

  String user() {
    return pool.getUsername();
  }

  String password() {
    return pool.getPassword();
  }

  HikariDataSource dataSource() {
    return pool;
  }

  /** @return the JDBC URL, for a second process on the same database */
  String url() {
    return url;
  }

  long count(String sql) {
    try (Connection c = pool.getConnection(); Statement s = c.createStatement(); var rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    pool.close();
    if (schema != null) {
      execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }

  private static void execute(String sql) {
    try (Connection c = DriverManager.getConnection(PG_URL, PG_USER, PG_PASSWORD); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL is required for the outbox tests but '" + sql + "' failed at " + PG_URL
          + ": " + e.getMessage() + " -- start PostgreSQL or point NATSAGA_TEST_PG_URL at one", e);
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
