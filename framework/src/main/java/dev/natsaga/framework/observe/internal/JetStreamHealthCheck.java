package dev.natsaga.framework.observe.internal;

import dev.natsaga.framework.health.ComponentHealth;
import dev.natsaga.framework.health.HealthCheck;
import io.nats.client.Connection;
import io.nats.client.JetStreamOptions;
import io.nats.client.api.AccountStatistics;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code jetstream}: the account info request answers within the timeout. */
final class JetStreamHealthCheck implements HealthCheck {

  private final Connection connection;
  private final JetStreamOptions options;

  JetStreamHealthCheck(Connection connection, Duration timeout) {
    this.connection = connection;
    this.options = JetStreamOptions.builder().requestTimeout(timeout).build();
  }

  @Override
  public String name() {
    return "jetstream";
  }

  @Override
  public ComponentHealth check() {
    long start = System.nanoTime();
    try {
      AccountStatistics account = connection.jetStreamManagement(options).getAccountStatistics();
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("responseMs", (System.nanoTime() - start) / 1_000_000.0);
      details.put("streams", account.getStreams());
      details.put("consumers", account.getConsumers());
      details.put("storageBytes", account.getStorage());
      return ComponentHealth.up(name(), details);
    } catch (Exception e) {
      return ComponentHealth.down(name(), "account info did not answer: " + e);
    }
  }
}
