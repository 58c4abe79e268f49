package dev.natsaga.saga.observe;

import dev.natsaga.framework.health.ComponentHealth;
import dev.natsaga.framework.health.HealthCheck;
import dev.natsaga.saga.store.SagaStore;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Health components of the saga side: {@code database} (a validation query answers) and {@code outbox} (the
 * oldest unpublished command is younger than a bound: the relay keeps up).
 *
 * <pre>{@code
 * natsaga.health().register(SagaHealthChecks.database(store, Duration.ofSeconds(2)));
 * natsaga.health().register(SagaHealthChecks.outbox(store, Duration.ofSeconds(60)));
 * }</pre>
 */
public final class SagaHealthChecks {

  private SagaHealthChecks() {
  }

  /** {@code database}: {@code SELECT 1} in a transaction of the store, with a query timeout. */
  public static HealthCheck database(SagaStore store, Duration timeout) {
    SagaDatabaseProbe probe = new SagaDatabaseProbe(store, timeout);
    return HealthCheck.readiness("database", () -> {
      long start = System.nanoTime();
      try {
        probe.validate();
        return ComponentHealth.up("database", Map.of("validationQuery", "SELECT 1",
            "responseMs", (System.nanoTime() - start) / 1_000_000.0));
      } catch (RuntimeException e) {
        return ComponentHealth.down("database", "validation query failed: " + e.getMessage());
      }
    });
  }

  /** {@code outbox}: DOWN when the oldest unpublished command is older than {@code maxAge} (or the table cannot be read). */
  public static HealthCheck outbox(SagaStore store, Duration maxAge) {
    SagaDatabaseProbe probe = new SagaDatabaseProbe(store, Duration.ofSeconds(2));
    return HealthCheck.readiness("outbox", () -> {
      SagaDatabaseProbe.Outbox outbox;
      try {
        outbox = probe.outbox();
      } catch (RuntimeException e) {
        return ComponentHealth.down("outbox", "cannot read the outbox: " + e.getMessage());
      }
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("unpublished", outbox.rows());
      details.put("oldestAgeMs", outbox.oldestAge().toMillis());
      if (outbox.oldestAge().compareTo(maxAge) > 0) {
        details.put("error", "the oldest unpublished command waits for " + outbox.oldestAge().toSeconds() + " s (bound "
            + maxAge.toSeconds() + " s): the relay does not publish");
        return ComponentHealth.down("outbox", details);
      }
      return ComponentHealth.up("outbox", details);
    });
  }
}
