package dev.natsaga.framework.observe.internal;

import dev.natsaga.framework.health.ComponentHealth;
import dev.natsaga.framework.health.HealthCheck;
import io.nats.client.Connection;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * {@code nats}: a real round trip (PING/PONG through {@code flush}) within the timeout, not the client's status
 * flag, which stays CONNECTED when the client's reader thread has died.
 */
final class NatsHealthCheck implements HealthCheck {

  private final Connection connection;
  private final Duration timeout;

  NatsHealthCheck(Connection connection, Duration timeout) {
    this.connection = connection;
    this.timeout = timeout;
  }

  @Override
  public String name() {
    return "nats";
  }

  @Override
  public ComponentHealth check() throws InterruptedException {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("state", connection.getStatus().name());
    details.put("server", String.valueOf(connection.getConnectedUrl()));
    details.put("reconnects", connection.getStatistics().getReconnects());
    if (connection.getStatus() != Connection.Status.CONNECTED) {
      return ComponentHealth.down(name(), details);
    }
    long start = System.nanoTime();
    try {
      connection.flush(timeout);
      details.put("roundTripMs", (System.nanoTime() - start) / 1_000_000.0);
      return ComponentHealth.up(name(), details);
    } catch (TimeoutException | RuntimeException e) {
      details.put("error", "no PONG within " + timeout.toMillis() + " ms: " + e.getMessage());
      return ComponentHealth.down(name(), details);
    }
  }
}
