package dev.natsaga.framework.health;

/**
 * A component's state. {@code UNKNOWN}: the check could not tell (e.g. a consumer while NATS does not answer);
 * it fails readiness but not liveness, so an outage of a dependency does not get the service restarted.
 */
public enum HealthStatus {
  UP, DOWN, UNKNOWN
}
