package dev.natsaga.framework.health;

import java.util.List;

/**
 * The aggregate of several components: UP when every component is UP (readiness) or none is DOWN (liveness).
 *
 * @param status the aggregate
 * @param components each component, in registration order
 */
public record HealthReport(HealthStatus status, List<ComponentHealth> components) {

  public HealthReport {
    components = List.copyOf(components);
  }

  public boolean isUp() {
    return status == HealthStatus.UP;
  }

  /** The names of the components that are not UP. */
  public List<String> failing() {
    return components.stream().filter(c -> !c.isUp()).map(ComponentHealth::name).toList();
  }
}
