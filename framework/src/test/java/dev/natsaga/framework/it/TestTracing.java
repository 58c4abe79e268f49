package dev.natsaga.framework.it;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;

/** The real OpenTelemetry SDK exporting into memory, for assertions on finished spans. */
final class TestTracing implements AutoCloseable {

  final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
      .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
      .build();

  List<SpanData> spans(SpanKind kind, String nameSuffix) {
    return exporter.getFinishedSpanItems().stream()
        .filter(s -> s.getKind() == kind && s.getName().endsWith(nameSuffix)).toList();
  }

  @Override
  public void close() {
    sdk.close();
  }
}
