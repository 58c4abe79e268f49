package dev.natsaga.sample.support;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;

/**
 * A sample service's {@code GET /health}: 200 with {@code "status":"UP"} when NATS and the database are both up, else
 * 503 with {@code "DOWN"}, and each part's state.
 *
 * <pre>{@code
 * server.get("/health", request -> Health.response("payment-service", natsaga::isHealthy, dataSource));
 * }</pre>
 */
public final class Health {

  private Health() {
  }

  /** The answer: {@code {"status","service","nats","database"}}, 200 when both parts are up, else 503. */
  public static HttpResponse response(String serviceName, BooleanSupplier natsHealthy, DataSource dataSource) {
    boolean nats = natsHealthy.getAsBoolean();
    boolean database = databaseReachable(dataSource);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", nats && database ? "UP" : "DOWN");
    body.put("service", serviceName);
    body.put("nats", nats ? "UP" : "DOWN");
    body.put("database", database ? "UP" : "DOWN");
    return new HttpResponse(nats && database ? 200 : 503, body);
  }

  /** Whether a pooled connection answers within 2 s. */
  public static boolean databaseReachable(DataSource dataSource) {
    try (Connection c = dataSource.getConnection()) {
      return c.isValid(2);
    } catch (SQLException | RuntimeException e) {
      return false;
    }
  }
}
