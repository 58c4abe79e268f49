package dev.natsaga.framework.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.natsaga.framework.HandlerRegistration;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.framework.config.ObservabilityOptions;
import dev.natsaga.test.nats.NatsServerExtension;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.nats.client.api.MessageInfo;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The metrics as Prometheus scrapes them: published by outcome (ok, duplicate), consumed by outcome (acked,
 * retried, dead_lettered, poison, skipped_duplicate), the processing histogram, and the JetStream gauges.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MetricsTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  private static final String CONFIRMED = "booking.appointment.confirmed.v1";
  private static final String ID_A = "0b9f6c3e-5d0a-4a57-9f63-2a8d3c1e7b11";

  @Test
  void publishAndConsumeAreCountedByTypeHandlerAndOutcome() throws Exception {
    String env = TestNatsaga.freshEnv();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    HandlerRegistration<Confirmed> handler = HandlerRegistration.onEvent(CONFIRMED, Confirmed.class, e -> {
      if (e.data().amount() < 0) {
        throw new IllegalStateException("negative");
      }
    }).idempotent().options(o -> o.withMaxDeliver(2).withBackoff(Duration.ofMillis(20), Duration.ofMillis(50))).build();
    String durable = handler.durableName("ledger-service");
    ObservabilityOptions fastPoll = ObservabilityOptions.builder().metricsPollInterval(Duration.ofMillis(200)).build();
    try (Natsaga natsaga = Natsaga.builder(TestNatsaga.options(NATS.url(), env, "ledger-service").observability(fastPoll).build())
        .handler(handler).meterRegistry(registry).build().start()) {
      natsaga.publisher().publish(OutgoingEvent.event(CONFIRMED, new Confirmed("a", 1)).id(ID_A).build());
      natsaga.publisher().publish(OutgoingEvent.event(CONFIRMED, new Confirmed("a", 1)).id(ID_A).build()); // dropped by the stream
      natsaga.publisher().publishAsync(OutgoingEvent.event(CONFIRMED, new Confirmed("b", 2)).build()).join();
      natsaga.publisher().publish(OutgoingEvent.event(CONFIRMED, new Confirmed("bad", -1)).build());
      await().atMost(Duration.ofSeconds(10)).until(() -> natsaga.deadLetters().count() == 1);
      // the first event again under another Nats-Msg-Id (as if outside the duplicate window): the idempotent consumer skips it
      String stream = natsaga.options().environment().streamName("booking");
      MessageInfo first = natsaga.connection().jetStreamManagement().getMessage(stream, 1);
      Headers headers = new Headers(first.getHeaders()).put("Nats-Msg-Id", "again");
      natsaga.connection().jetStream().publish(NatsMessage.builder().subject(first.getSubject()).headers(headers)
          .data(first.getData()).build());

      String type = "type=\"" + CONFIRMED + "\"";
      String h = "handler=\"" + durable + "\"";
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        String text = registry.scrape();
        assertThat(value(text, "natsaga_events_consumed_total", h, "outcome=\"skipped_duplicate\"")).isEqualTo(1);
        assertThat(value(text, "natsaga_dlq_messages", "stream=\"" + env.toUpperCase() + "_DLQ\"")).isEqualTo(1);
      });
      String text = registry.scrape();
      assertThat(value(text, "natsaga_events_published_total", type, "outcome=\"ok\"")).isEqualTo(3);
      assertThat(value(text, "natsaga_events_published_total", type, "outcome=\"duplicate\"")).isEqualTo(1);
      assertThat(value(text, "natsaga_events_published_total", type, "outcome=\"failed\"")).isZero();
      assertThat(value(text, "natsaga_publish_duration_seconds_count", type)).isEqualTo(4);
      assertThat(value(text, "natsaga_publish_retries_total", type)).isZero();
      assertThat(value(text, "natsaga_events_consumed_total", type, h, "outcome=\"acked\"")).isEqualTo(2);
      assertThat(value(text, "natsaga_events_consumed_total", h, "outcome=\"retried\"")).isEqualTo(1);
      assertThat(value(text, "natsaga_events_consumed_total", h, "outcome=\"dead_lettered\"")).isEqualTo(1);
      assertThat(value(text, "natsaga_events_consumed_total", h, "outcome=\"poison\"")).isZero();
      assertThat(value(text, "natsaga_event_processing_duration_seconds_count", type, h)).isEqualTo(5);
      assertThat(text).contains("natsaga_event_processing_duration_seconds_bucket{");
      assertThat(value(text, "natsaga_consumer_pending", h)).isZero();
      assertThat(value(text, "natsaga_consumer_ack_pending", h)).isZero();
      assertThat(text).contains("natsaga_consumer_redelivered{");
      assertThat(value(text, "natsaga_connection_state")).isEqualTo(1);
      assertThat(value(text, "natsaga_connection_reconnects_total")).isZero();
    }
  }

  /** The value of the one sample of {@code name} whose labels contain every one of {@code labels}. */
  static double value(String text, String name, String... labels) {
    Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*\\})? (\\S+)").matcher(text);
    Double found = null;
    while (m.find()) {
      String l = m.group(1) == null ? "" : m.group(1);
      boolean all = true;
      for (String label : labels) {
        all &= l.contains(label);
      }
      if (all) {
        assertThat(found).as("more than one sample of %s with %s", name, String.join(",", labels)).isNull();
        found = Double.parseDouble(m.group(2));
      }
    }
    assertThat(found).as("a sample of %s with %s in:%n%s", name, String.join(",", labels), text).isNotNull();
    return found;
  }
}
