package dev.natsaga.framework.health;

/**
 * A named component the service depends on. {@link #check()} must answer within its own timeout; {@link Health}
 * also stops waiting for it after its timeout and reports it DOWN.
 *
 * <pre>{@code
 * natsaga.health().register(HealthCheck.readiness("database", () -> {
 *   try (Connection c = dataSource.getConnection()) {
 *     return c.isValid(2) ? ComponentHealth.up("database", Map.of()) : ComponentHealth.down("database", "not valid");
 *   }
 * }));
 * }</pre>
 */
public interface HealthCheck {

  /** Which reports a check counts in. */
  enum Kind {
    /** Whether the service can do its work now (dependencies reachable): readiness only. */
    READINESS,
    /** Whether the process itself works (a restart would help when DOWN): liveness and readiness. */
    LIVENESS
  }

  String name();

  /** Runs the check; an exception is reported as DOWN with its message. */
  ComponentHealth check() throws Exception;

  default Kind kind() {
    return Kind.READINESS;
  }

  /** A readiness check from a function. */
  static HealthCheck readiness(String name, Probe probe) {
    return of(name, Kind.READINESS, probe);
  }

  /** A check of the given kind from a function. */
  static HealthCheck of(String name, Kind kind, Probe probe) {
    return new HealthCheck() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public ComponentHealth check() throws Exception {
        return probe.check();
      }

      @Override
      public Kind kind() {
        return kind;
      }
    };
  }

  /** The body of a check. */
  @FunctionalInterface
  interface Probe {
    ComponentHealth check() throws Exception;
  }
}
