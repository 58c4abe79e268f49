package dev.natsaga.sample.support;

import dev.natsaga.framework.EventPublisher;
import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.framework.config.Settings;
import dev.natsaga.framework.health.Health;
import dev.natsaga.framework.health.HealthReport;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes {@value #TYPE} on {@code {env}.ops.service.health-checked.v1}: every {@code every} (the heartbeat) and
 * as soon as the service's readiness changes (checked every {@code checkEvery}), so other services and dashboards
 * can watch the fleet over NATS. The payload: service, status, version, uptime, CPU and memory use, how long the
 * health checks took, the failing components and {@code statusChanged}.
 *
 * <pre>{@code
 * HealthEvents events = HealthEvents.start("booking-service", "0.1.0", natsaga.health(), natsaga.publisher(),
 *     Duration.ofSeconds(30), Duration.ofSeconds(5));
 * }</pre>
 */
public final class HealthEvents implements AutoCloseable {

  /** The event type; its domain {@code ops} needs a stream (provision it). */
  public static final String TYPE = "ops.service.health-checked.v1";
  /** The stream domain of {@link #TYPE}. */
  public static final String DOMAIN = "ops";
  private static final Logger LOG = LoggerFactory.getLogger(HealthEvents.class);

  /** The event's data. */
  public record HealthChecked(String service, String status, String version, long uptimeMs, double cpuLoad,
      long heapUsedBytes, long heapMaxBytes, double responseTimeMs, List<String> failing, boolean statusChanged) {
  }

  private final String service;
  private final String version;
  private final Health health;
  private final EventPublisher publisher;
  private final long everyNanos;
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "health-events");
    t.setDaemon(true);
    return t;
  });
  private String lastStatus;
  private long lastPublished;

  private HealthEvents(String service, String version, Health health, EventPublisher publisher, Duration every) {
    this.service = service;
    this.version = version;
    this.health = health;
    this.publisher = publisher;
    this.everyNanos = every.toNanos();
  }

  /**
   * Starts publishing; {@code every} is {@code HEALTH_EVENT_INTERVAL} (default 30s), {@code checkEvery} is
   * {@code HEALTH_CHECK_INTERVAL} (default 5s) in the samples.
   */
  public static HealthEvents start(String service, String version, Health health, EventPublisher publisher, Duration every,
      Duration checkEvery) {
    HealthEvents events = new HealthEvents(service, version, health, publisher, every);
    events.scheduler.scheduleWithFixedDelay(events::check, 0, checkEvery.toMillis(), TimeUnit.MILLISECONDS);
    return events;
  }

  private void check() {
    try {
      long start = System.nanoTime();
      HealthReport report = health.readiness();
      double took = (System.nanoTime() - start) / 1e6;
      String status = report.status().name();
      boolean changed = lastStatus != null && !lastStatus.equals(status);
      if (changed) {
        LOG.warn("service {} health changed from {} to {}; failing: {}", service, lastStatus, status, report.failing());
      }
      if (lastStatus == null || changed || System.nanoTime() - lastPublished >= everyNanos) {
        publish(new HealthChecked(service, status, version, ManagementFactory.getRuntimeMXBean().getUptime(), cpuLoad(),
            heap().getHeapMemoryUsage().getUsed(), heap().getHeapMemoryUsage().getMax(), took, report.failing(), changed));
        lastPublished = System.nanoTime();
      }
      lastStatus = status;
    } catch (RuntimeException e) {
      LOG.debug("health event not published: {}", e.toString());
    }
  }

  private void publish(HealthChecked data) {
    publisher.publishAsync(OutgoingEvent.event(TYPE, data).subject(service).build()).whenComplete((r, e) -> {
      if (e != null) {
        LOG.debug("health event not published: {}", e.toString());
      }
    });
  }

  private static MemoryMXBean heap() {
    return ManagementFactory.getMemoryMXBean();
  }

  private static double cpuLoad() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuLoad();
    }
    return -1;
  }

  /** Starts with the intervals from {@code HEALTH_EVENT_INTERVAL} and {@code HEALTH_CHECK_INTERVAL}. */
  public static HealthEvents start(String service, Health health, EventPublisher publisher, Settings settings) {
    String version = HealthEvents.class.getPackage().getImplementationVersion();
    return start(service, version != null ? version : "dev", health, publisher,
        settings.duration("HEALTH_EVENT_INTERVAL", Duration.ofSeconds(30)), settings.duration("HEALTH_CHECK_INTERVAL", Duration.ofSeconds(5)));
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
