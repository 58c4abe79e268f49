package dev.natsaga.framework.health;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One component's health and its details (numbers and short strings, in insertion order).
 *
 * @param name the component, e.g. {@code nats}, {@code consumer:payment-service-authorize}, {@code database}
 * @param status up, down or unknown
 * @param details what the check saw: a round-trip time, an error, a backlog
 */
public record ComponentHealth(String name, HealthStatus status, Map<String, Object> details) {

  public ComponentHealth {
    details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
  }

  public static ComponentHealth up(String name, Map<String, Object> details) {
    return new ComponentHealth(name, HealthStatus.UP, details);
  }

  public static ComponentHealth down(String name, Map<String, Object> details) {
    return new ComponentHealth(name, HealthStatus.DOWN, details);
  }

  public static ComponentHealth down(String name, String error) {
    return down(name, Map.of("error", error));
  }

  public boolean isUp() {
    return status == HealthStatus.UP;
  }
}
