package dev.natsaga.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.natsaga.framework.EventPublisher;
import dev.natsaga.spring.app.OrdersApplication;
import dev.natsaga.spring.app.OrdersApplication.Note;
import dev.natsaga.test.nats.NatsServerExtension;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** With an {@link OpenTelemetry} bean in the context (a real SDK), natsaga traces publish and consume with it. */
class StarterTracingTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  /** The application's OpenTelemetry SDK, exporting to memory. */
  @Configuration(proxyBeanMethods = false)
  static class Tracing {
    @Bean
    InMemorySpanExporter spanExporter() {
      return InMemorySpanExporter.create();
    }

    @Bean(destroyMethod = "close")
    OpenTelemetrySdk openTelemetry(InMemorySpanExporter exporter) {
      return OpenTelemetrySdk.builder()
          .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
          .build();
    }
  }

  @Test
  void aPublishedAndHandledEventLeavesAProducerAndAConsumerSpanInOneTrace() {
    try (ConfigurableApplicationContext context = TestApplications.run(NATS.url(), Map.of(), Tracing.class)) {
      InMemorySpanExporter exporter = context.getBean(InMemorySpanExporter.class);

      context.getBean(EventPublisher.class).publish(OrdersApplication.NOTED, new Note("o-traced", "follow me"));

      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        List<SpanData> spans = exporter.getFinishedSpanItems().stream()
            .filter(s -> "nats".equals(s.getAttributes().get(AttributeKey.stringKey("messaging.system")))).toList();
        assertThat(spans).extracting(s -> s.getKind().name()).contains("PRODUCER", "CONSUMER");
        assertThat(spans).extracting(SpanData::getTraceId).as("the consumer continues the producer's trace")
            .containsOnly(spans.get(0).getTraceId());
      });
    }
  }
}
