package dev.natsaga.spring;

import dev.natsaga.framework.health.ComponentHealth;
import dev.natsaga.framework.health.Health;
import dev.natsaga.framework.health.HealthStatus;
import java.util.Objects;
import java.util.stream.Stream;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The runtime's health components as Actuator contributors, one per component ({@code nats}, {@code jetstream},
 * {@code consumer:<durable>}, and with sagas {@code database} and {@code outbox}), each running the framework's own
 * check: {@code /actuator/health/natsaga} aggregates them, {@code /actuator/health/natsaga/nats} is one.
 */
public final class NatsagaHealthContributor implements CompositeHealthContributor {

  private final Health health;

  /** @param health the runtime's components ({@code Natsaga.health()}) */
  public NatsagaHealthContributor(Health health) {
    this.health = Objects.requireNonNull(health, "health");
  }

  @Override
  public HealthContributor getContributor(String name) {
    return health.names().contains(name) ? indicator(name) : null;
  }

  @Override
  public Stream<Entry> stream() {
    return health.names().stream().map(name -> new Entry(name, indicator(name)));
  }

  private HealthIndicator indicator(String name) {
    return () -> health.check(name).map(NatsagaHealthContributor::toSpring)
        .orElseGet(() -> org.springframework.boot.health.contributor.Health.unknown()
            .withDetail("error", "no component " + name).build());
  }

  private static org.springframework.boot.health.contributor.Health toSpring(ComponentHealth component) {
    return org.springframework.boot.health.contributor.Health.status(status(component.status()))
        .withDetails(component.details()).build();
  }

  private static Status status(HealthStatus status) {
    return switch (status) {
      case UP -> Status.UP;
      case DOWN -> Status.DOWN;
      case UNKNOWN -> Status.UNKNOWN;
    };
  }
}
