package dev.natsaga.framework.health;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The service's health components. Checks run in parallel, each bounded by the timeout (a check that does not
 * answer in time is DOWN), so a report takes about one timeout at most whatever hangs.
 *
 * <pre>{@code
 * HealthReport ready = natsaga.health().readiness();   // 503 unless ready.isUp()
 * HealthReport live = natsaga.health().liveness();
 * }</pre>
 */
public final class Health {

  private static final AtomicInteger THREADS = new AtomicInteger();
  private final List<HealthCheck> checks = new CopyOnWriteArrayList<>();
  private final Duration timeout;
  private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "natsaga-health-" + THREADS.incrementAndGet());
    t.setDaemon(true);
    return t;
  });

  /** @param timeout how long a report waits for a check; the checks' own timeouts should be shorter */
  public Health(Duration timeout) {
    this.timeout = timeout;
  }

  /** Adds a component; a name already registered is replaced. */
  public Health register(HealthCheck check) {
    checks.removeIf(c -> c.name().equals(check.name()));
    checks.add(check);
    return this;
  }

  /** Removes the component of that name, if any. */
  public void unregister(String name) {
    checks.removeIf(c -> c.name().equals(name));
  }

  /** The registered components' names, in registration order (the consumers' join at start). */
  public List<String> names() {
    return checks.stream().map(HealthCheck::name).toList();
  }

  /**
   * Runs one component's check, bounded by the timeout like a report; empty when no component has that name.
   * A wiring that shows each component on its own (Spring Boot Actuator) uses it.
   */
  public Optional<ComponentHealth> check(String name) {
    return checks.stream().filter(c -> c.name().equals(name)).findFirst().map(c -> run(List.of(c)).get(0));
  }

  /** Every component: UP when all are UP. */
  public HealthReport readiness() {
    List<ComponentHealth> all = run(checks);
    boolean up = all.stream().allMatch(ComponentHealth::isUp);
    return new HealthReport(up ? HealthStatus.UP : HealthStatus.DOWN, all);
  }

  /** The {@link HealthCheck.Kind#LIVENESS} components: UP unless one is DOWN (UNKNOWN does not count). */
  public HealthReport liveness() {
    List<ComponentHealth> live = run(checks.stream().filter(c -> c.kind() == HealthCheck.Kind.LIVENESS).toList());
    boolean down = live.stream().anyMatch(c -> c.status() == HealthStatus.DOWN);
    return new HealthReport(down ? HealthStatus.DOWN : HealthStatus.UP, live);
  }

  private List<ComponentHealth> run(List<HealthCheck> selected) {
    List<CompletableFuture<ComponentHealth>> running = new ArrayList<>(selected.size());
    for (HealthCheck c : selected) {
      running.add(CompletableFuture.supplyAsync(() -> safely(c), executor));
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    List<ComponentHealth> results = new ArrayList<>(selected.size());
    for (int i = 0; i < selected.size(); i++) {
      results.add(await(selected.get(i).name(), running.get(i), deadline));
    }
    return results;
  }

  private ComponentHealth await(String name, CompletableFuture<ComponentHealth> f, long deadline) {
    try {
      return f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      return ComponentHealth.down(name, Map.of("error", "no answer within " + timeout.toMillis() + " ms"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ComponentHealth.down(name, "interrupted");
    } catch (ExecutionException e) {
      return ComponentHealth.down(name, String.valueOf(e.getCause()));
    }
  }

  private static ComponentHealth safely(HealthCheck c) {
    try {
      ComponentHealth h = c.check();
      return h != null ? h : ComponentHealth.down(c.name(), "the check returned nothing");
    } catch (Exception e) {
      return ComponentHealth.down(c.name(), e.toString());
    }
  }

  /** Stops the checks' threads. */
  public void close() {
    executor.shutdownNow();
  }
}
