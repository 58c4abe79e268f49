package dev.natsaga.saga;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Saga definitions keyed by (name, version). An instance records the version it started with and is
 * driven by that definition to the end, so keep old versions registered while their sagas are in flight.
 *
 * <pre>{@code
 * SagaRegistry registry = new SagaRegistry().register(bookingV1).register(bookingV2);
 * SagaDefinition<?> current = registry.latest("booking.create").orElseThrow();
 * }</pre>
 */
public final class SagaRegistry {

  private final Map<Key, SagaDefinition<?>> definitions = new ConcurrentHashMap<>();

  /**
   * Registers a definition; registering the same object again is a no-op.
   *
   * @throws IllegalStateException when another definition already has this name and version
   */
  public SagaRegistry register(SagaDefinition<?> definition) {
    Objects.requireNonNull(definition, "definition");
    SagaDefinition<?> previous = definitions.putIfAbsent(new Key(definition.name(), definition.version()), definition);
    if (previous != null && previous != definition) {
      throw new IllegalStateException("saga '" + definition.name() + "' version " + definition.version()
          + " is already registered with a different definition; give the new one a higher version()");
    }
    return this;
  }

  public Optional<SagaDefinition<?>> find(String name, int version) {
    return Optional.ofNullable(definitions.get(new Key(name, version)));
  }

  /** @throws IllegalStateException naming the missing (name, version) */
  public SagaDefinition<?> require(String name, int version) {
    return find(name, version).orElseThrow(() -> new IllegalStateException("saga '" + name + "' version " + version
        + " is not registered; register every definition version that still has sagas in flight"));
  }

  /** @return the highest registered version of {@code name} */
  public Optional<SagaDefinition<?>> latest(String name) {
    return definitions.values().stream()
        .filter(d -> d.name().equals(name))
        .max((a, b) -> Integer.compare(a.version(), b.version()));
  }

  public Collection<SagaDefinition<?>> all() {
    return List.copyOf(definitions.values());
  }

  private record Key(String name, int version) {
  }
}
