package dev.natsaga.bench;

import dev.natsaga.framework.Natsaga;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;

/**
 * Observability as a production service would switch it on, for the "observability on" rows: a Prometheus registry
 * (scraped never: scraping is the collector's cost, not the service's) and the OpenTelemetry SDK sampling every span
 * into a batch processor whose exporter discards them.
 */
final class BenchTelemetry implements AutoCloseable {

  final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
      .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(BatchSpanProcessor.builder(new Discarding()).build()).build())
      .build();

  Natsaga.Builder apply(Natsaga.Builder builder) {
    return builder.meterRegistry(registry).openTelemetry(sdk);
  }

  @Override
  public void close() {
    sdk.close();
    registry.close();
  }

  /** Accepts every batch and drops it. */
  private static final class Discarding implements SpanExporter {
    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
