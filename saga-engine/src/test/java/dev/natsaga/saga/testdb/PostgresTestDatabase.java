package dev.natsaga.saga.testdb;

import dev.natsaga.saga.jdbc.SagaDatabaseOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A fresh schema in the PostgreSQL test database ({@code NATSAGA_TEST_PG_URL}, default
 * {@code jdbc:postgresql://127.0.0.1:5432/test}, user {@code NATSAGA_TEST_PG_USER} default {@code postgres},
 * password {@code NATSAGA_TEST_PG_PASSWORD} default empty), dropped on close. An unreachable server fails
 * the tests with a message saying so; they are never skipped.
 */
public final class PostgresTestDatabase implements TestDatabase {

  public static final String URL = env("NATSAGA_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
  private static final String USER = env("NATSAGA_TEST_PG_USER", "postgres");
  private static final String PASSWORD = env("NATSAGA_TEST_PG_PASSWORD", "");

  private final String schema = "natsaga_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);

  public PostgresTestDatabase() {
    execute("CREATE SCHEMA " + schema);
  }

  @Override
  public SagaDatabaseOptions options() {
    String url = URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    return SagaDatabaseOptions.builder().url(url).user(USER).password(PASSWORD).poolSize(12).build();
  }

  @Override
  public String label() {
    return "PostgreSQL " + URL + " schema " + schema;
  }

  @Override
  public void close() {
    execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
  }

  private static void execute(String sql) {
    try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL is required for the store tests but '" + sql + "' failed at " + URL
          + " as user " + USER + ": " + e.getMessage()
          + " -- start PostgreSQL (e.g. docker compose up postgres) or point NATSAGA_TEST_PG_URL at one", e);
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
