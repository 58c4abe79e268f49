package dev.natsaga.sample.support;

import dev.natsaga.framework.health.ComponentHealth;
import dev.natsaga.framework.health.HealthCheck;
import java.sql.Connection;
import java.util.Map;
import javax.sql.DataSource;

/** {@code database}: a connection from the pool is valid within the timeout ({@code Connection.isValid}). */
public final class DatabaseHealthCheck {

  private DatabaseHealthCheck() {
  }

  public static HealthCheck of(DataSource dataSource, int timeoutSeconds) {
    return HealthCheck.readiness("database", () -> {
      long start = System.nanoTime();
      try (Connection c = dataSource.getConnection()) {
        if (c.isValid(timeoutSeconds)) {
          return ComponentHealth.up("database", Map.of("responseMs", (System.nanoTime() - start) / 1_000_000.0));
        }
        return ComponentHealth.down("database", "the connection is not valid");
      } catch (Exception e) {
        return ComponentHealth.down("database", "cannot get a valid connection: " + e.getMessage());
      }
    });
  }
}
