package dev.natsaga.sample.support;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import dev.natsaga.framework.health.ComponentHealth;
import dev.natsaga.framework.health.Health;
import dev.natsaga.framework.health.HealthReport;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A sample's metrics and tracing: a Prometheus registry with JVM, process and (when bound) HikariCP metrics, and
 * the OpenTelemetry SDK configured from the standard {@code OTEL_*} variables (autoconfigure), with every exporter
 * {@code none} unless set ({@code OTEL_TRACES_EXPORTER=logging} or {@code otlp} with {@code OTEL_EXPORTER_OTLP_ENDPOINT}).
 * Adds {@code GET /metrics} (Prometheus text) and {@code GET /health} (the components as JSON, 503 unless all are UP).
 *
 * <pre>{@code
 * ServiceTelemetry telemetry = ServiceTelemetry.start("booking-service", overrides);
 * telemetry.routes(http, natsaga.health());
 * }</pre>
 */
public final class ServiceTelemetry implements AutoCloseable {

  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
  private final String serviceName;
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final OpenTelemetrySdk openTelemetry;
  private final JvmGcMetrics gc = new JvmGcMetrics();

  private ServiceTelemetry(String serviceName, OpenTelemetrySdk openTelemetry) {
    this.serviceName = serviceName;
    this.openTelemetry = openTelemetry;
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  /**
   * @param overrides the sample's setting overrides; {@code OTEL_*} entries among them win over the environment (as
   *     system properties would), so tests can switch exporters per process
   */
  public static ServiceTelemetry start(String serviceName, Map<String, String> overrides) {
    Map<String, String> defaults = Map.of("otel.traces.exporter", "none", "otel.metrics.exporter", "none",
        "otel.logs.exporter", "none", "otel.service.name", serviceName);
    Map<String, String> forced = new HashMap<>();
    overrides.forEach((k, v) -> {
      if (k.startsWith("OTEL_")) {
        forced.put(k.toLowerCase(Locale.ROOT).replace('_', '.'), v);
      }
    });
    OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
        .addPropertiesSupplier(() -> defaults)
        .addPropertiesCustomizer(config -> forced)
        .disableShutdownHook()
        .build().getOpenTelemetrySdk();
    return new ServiceTelemetry(serviceName, sdk);
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public OpenTelemetry openTelemetry() {
    return openTelemetry;
  }

  /** Publishes the pool's {@code hikaricp_*} metrics. */
  public void bindPool(HikariDataSource pool) {
    pool.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
  }

  /** Adds {@code GET /metrics} and {@code GET /health} to {@code http}. */
  public JsonHttpServer routes(JsonHttpServer http, Health health) {
    return http.get("/metrics", req -> HttpResponse.text(registry.scrape(), PROMETHEUS_TEXT))
        .get("/health", req -> health(health.readiness()))
        .get("/health/live", req -> health(health.liveness()));
  }

  private HttpResponse health(HealthReport report) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", report.status().name());
    body.put("service", serviceName);
    Map<String, Object> components = new LinkedHashMap<>();
    for (ComponentHealth c : report.components()) {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("status", c.status().name());
      one.putAll(c.details());
      components.put(c.name(), one);
      if (!c.name().contains(":")) {
        body.putIfAbsent(c.name(), c.status().name()); // the flat form earlier clients read: "nats": "UP"
      }
    }
    body.put("components", components);
    if (!report.isUp()) {
      body.put("failing", report.failing());
    }
    return new HttpResponse(report.isUp() ? 200 : 503, body);
  }

  /** Flushes and stops the SDK's exporters. */
  @Override
  public void close() {
    gc.close();
    openTelemetry.close();
    registry.close();
  }
}
