package dev.natsaga.framework.it;

import static dev.natsaga.framework.observe.TraceAttributes.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.natsaga.framework.EventPublisher;
import dev.natsaga.framework.Extensions;
import dev.natsaga.framework.HandlerRegistration;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.framework.PublishResult;
import dev.natsaga.test.nats.NatsServerExtension;
import io.nats.client.Message;
import io.nats.client.impl.NatsMessage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.MDC;

/**
 * Spans with the real OpenTelemetry SDK: publish → consume → publish → consume is one trace with the right parents,
 * kinds and attributes; a retried and a dead-lettered delivery are recorded on their spans; context travels in the
 * NATS {@code traceparent} header and the CloudEvents extension; an event without context starts a new trace.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TracingTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  private static final String CONFIRMED = "booking.appointment.confirmed.v1";
  private static final String CHARGE = "payment.transaction.authorize.v1";

  @Test
  void publishConsumePublishConsumeIsOneTraceWithMessagingAttributesAndTheIdsInTheMdc() throws Exception {
    String env = TestNatsaga.freshEnv();
    Map<String, String> mdc = new ConcurrentHashMap<>();
    List<Message> raw = new CopyOnWriteArrayList<>();
    try (TestTracing tracing = new TestTracing()) {
      Natsaga[] self = new Natsaga[1];
      HandlerRegistration<Confirmed> onConfirmed = HandlerRegistration.onEvent(CONFIRMED, Confirmed.class, e -> {
        mdc.put("trace_id", MDC.get("trace_id"));
        mdc.put("span_id", MDC.get("span_id"));
        mdc.put("correlationId", MDC.get("correlationId"));
        mdc.put("extension", e.extension(Extensions.TRACEPARENT));
        self[0].publisher().publish(OutgoingEvent.command(CHARGE, new Confirmed(e.data().bookingId(), 1)).subject("b-1").build());
      }).build();
      HandlerRegistration<Confirmed> onCharge = HandlerRegistration.onCommand(CHARGE, Confirmed.class, e -> { }).build();
      try (Natsaga natsaga = Natsaga.builder(TestNatsaga.options(NATS.url(), env, "ledger-service").build())
          .handler(onConfirmed).handler(onCharge).openTelemetry(tracing.sdk).build().start()) {
        self[0] = natsaga;
        natsaga.connection().createDispatcher(raw::add).subscribe(env + "." + CHARGE);
        Span request = tracing.sdk.getTracer("test").spanBuilder("POST /bookings").startSpan();
        PublishResult published;
        try (Scope ignored = request.makeCurrent()) {
          published = natsaga.publisher().publish(OutgoingEvent.event(CONFIRMED, new Confirmed("b-1", 10)).subject("b-1").build());
        } finally {
          request.end();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> tracing.spans(SpanKind.CONSUMER, CHARGE).size() == 1);

        String traceId = request.getSpanContext().getTraceId();
        SpanData send1 = single(tracing.spans(SpanKind.PRODUCER, CONFIRMED));
        SpanData process1 = single(tracing.spans(SpanKind.CONSUMER, CONFIRMED));
        SpanData send2 = single(tracing.spans(SpanKind.PRODUCER, CHARGE));
        SpanData process2 = single(tracing.spans(SpanKind.CONSUMER, CHARGE));
        assertThat(List.of(send1, process1, send2, process2)).extracting(SpanData::getTraceId).containsOnly(traceId);
        assertThat(send1.getParentSpanId()).isEqualTo(request.getSpanContext().getSpanId());
        assertThat(process1.getParentSpanId()).isEqualTo(send1.getSpanId());
        assertThat(send2.getParentSpanId()).isEqualTo(process1.getSpanId());
        assertThat(process2.getParentSpanId()).isEqualTo(send2.getSpanId());

        assertThat(send1.getName()).isEqualTo("send " + env + "." + CONFIRMED);
        assertThat(send1.getAttributes().get(MESSAGING_SYSTEM)).isEqualTo("nats");
        assertThat(send1.getAttributes().get(DESTINATION)).isEqualTo(env + "." + CONFIRMED);
        assertThat(send1.getAttributes().get(OPERATION_TYPE)).isEqualTo("send");
        assertThat(send1.getAttributes().get(MESSAGE_ID)).isEqualTo(published.eventId());
        assertThat(send1.getAttributes().get(DUPLICATE)).isFalse();

        assertThat(process1.getName()).isEqualTo("process " + env + "." + CONFIRMED);
        assertThat(process1.getAttributes().get(OPERATION_NAME)).isEqualTo("process");
        assertThat(process1.getAttributes().get(CONSUMER_GROUP)).isEqualTo(onConfirmed.durableName("ledger-service"));
        assertThat(process1.getAttributes().get(MESSAGE_ID)).isEqualTo(published.eventId());
        assertThat(process1.getAttributes().get(CONVERSATION_ID)).isEqualTo(published.eventId());
        assertThat(process1.getAttributes().get(CE_ID)).isEqualTo(published.eventId());
        assertThat(process1.getAttributes().get(CE_SOURCE)).isEqualTo("ledger-service");
        assertThat(process1.getAttributes().get(CE_TYPE)).isEqualTo(CONFIRMED);
        assertThat(process1.getAttributes().get(CE_SUBJECT)).isEqualTo("b-1");
        assertThat(process1.getAttributes().get(OUTCOME)).isEqualTo("acked");
        assertThat(process1.getAttributes().get(DELIVERY)).isEqualTo(1L);
        assertThat(process1.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);

        assertThat(mdc).containsEntry("trace_id", traceId).containsEntry("span_id", process1.getSpanId())
            .containsEntry("correlationId", published.eventId());
        assertThat(mdc.get("extension")).as("the CloudEvents extension names the producer span (the starting trace)")
            .startsWith("00-" + traceId + "-" + send1.getSpanId() + "-");
        await().atMost(Duration.ofSeconds(5)).until(() -> raw.size() == 1);
        assertThat(raw.get(0).getHeaders().getFirst("traceparent")).as("the NATS header of the hop")
            .startsWith("00-" + traceId + "-" + send2.getSpanId() + "-");
      }
    }
  }

  @Test
  void aRetriedThenDeadLetteredDeliveryIsRecordedOnEachConsumerSpan() throws Exception {
    String env = TestNatsaga.freshEnv();
    try (TestTracing tracing = new TestTracing()) {
      HandlerRegistration<Confirmed> broken = HandlerRegistration.onEvent(CONFIRMED, Confirmed.class, e -> {
        if (!e.data().bookingId().equals("fine") && (e.data().amount() > 0 || e.delivery().deliveryCount() == 1)) {
          throw new IllegalStateException("gateway down");
        }
      }).options(o -> o.withMaxDeliver(3).withBackoff(Duration.ofMillis(50), Duration.ofMillis(100))).build();
      try (Natsaga natsaga = Natsaga.builder(TestNatsaga.options(NATS.url(), env, "ledger-service").build())
          .handler(broken).openTelemetry(tracing.sdk).build().start()) {
        natsaga.publisher().publish(CONFIRMED, new Confirmed("retried", 0));
        natsaga.publisher().publish(CONFIRMED, new Confirmed("dead", 5));
        await().atMost(Duration.ofSeconds(10)).until(() -> natsaga.deadLetters().count() == 1
            && tracing.spans(SpanKind.CONSUMER, CONFIRMED).size() == 5);

        List<SpanData> sends = tracing.spans(SpanKind.PRODUCER, CONFIRMED);
        for (SpanData send : sends) {
          List<SpanData> deliveries = tracing.spans(SpanKind.CONSUMER, CONFIRMED).stream()
              .filter(s -> s.getParentSpanId().equals(send.getSpanId())).toList();
          assertThat(deliveries).extracting(SpanData::getTraceId).containsOnly(send.getTraceId());
          SpanData first = deliveries.stream().filter(s -> s.getAttributes().get(DELIVERY) == 1L).findFirst().orElseThrow();
          assertThat(first.getAttributes().get(OUTCOME)).isEqualTo("retried");
          assertThat(first.getAttributes().get(ERROR_TYPE)).isEqualTo(IllegalStateException.class.getName());
          assertThat(first.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
          assertThat(first.getEvents()).extracting(e -> e.getName()).containsExactly("retry_scheduled");
        }
        SpanData retried = sends.stream().filter(s -> s.getSpanId().equals(spanOfDelivery(tracing, 2, "acked"))).findFirst()
            .orElseThrow();
        assertThat(tracing.spans(SpanKind.CONSUMER, CONFIRMED).stream().filter(s -> s.getParentSpanId().equals(retried.getSpanId())))
            .extracting(s -> s.getAttributes().get(OUTCOME)).containsExactly("retried", "acked");
        SpanData last = tracing.spans(SpanKind.CONSUMER, CONFIRMED).stream()
            .filter(s -> "dead_lettered".equals(s.getAttributes().get(OUTCOME))).collect(single());
        assertThat(last.getAttributes().get(DELIVERY)).isEqualTo(3L);
        assertThat(last.getAttributes().get(DLQ_REASON)).isEqualTo("max-deliveries");
        assertThat(last.getAttributes().get(ERROR_TYPE)).isEqualTo(IllegalStateException.class.getName());
        assertThat(last.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(last.getEvents()).extracting(e -> e.getName()).containsExactly("dead_lettered");
      }
    }
  }

  @Test
  void anEventWithoutTraceContextStartsANewTraceAndAPoisonMessageIsMarked() throws Exception {
    String env = TestNatsaga.freshEnv();
    try (TestTracing tracing = new TestTracing()) {
      HandlerRegistration<Confirmed> handler = HandlerRegistration.onEvent(CONFIRMED, Confirmed.class, e -> { }).build();
      try (Natsaga natsaga = Natsaga.builder(TestNatsaga.options(NATS.url(), env, "ledger-service").build())
          .handler(handler).openTelemetry(tracing.sdk).build().start()) {
        String valid = "{\"specversion\":\"1.0\",\"id\":\"ext-1\",\"source\":\"other\",\"type\":\"" + CONFIRMED
            + "\",\"datacontenttype\":\"application/json\",\"data\":{\"bookingId\":\"b\",\"amount\":1}}";
        publishRaw(natsaga, env, valid, "ext-1");
        publishRaw(natsaga, env, "not a cloud event", "ext-2");
        await().atMost(Duration.ofSeconds(10)).until(() -> tracing.spans(SpanKind.CONSUMER, CONFIRMED).size() == 2);

        SpanData handled = tracing.spans(SpanKind.CONSUMER, CONFIRMED).stream()
            .filter(s -> "acked".equals(s.getAttributes().get(OUTCOME))).collect(single());
        assertThat(handled.getParentSpanContext().isValid()).as("a root span: a new trace").isFalse();
        assertThat(handled.getAttributes().get(CE_SOURCE)).isEqualTo("other");
        SpanData poison = tracing.spans(SpanKind.CONSUMER, CONFIRMED).stream()
            .filter(s -> "poison".equals(s.getAttributes().get(OUTCOME))).collect(single());
        assertThat(poison.getAttributes().get(DLQ_REASON)).isEqualTo("invalid-cloudevent");
        assertThat(poison.getAttributes().get(MESSAGE_ID)).isEqualTo("ext-2");
        assertThat(poison.getEvents()).extracting(e -> e.getName()).containsExactly("dead_lettered");
      }
    }
  }

  @Test
  void withoutOpenTelemetryNothingIsTracedAndNoTraceHeaderIsWritten() throws Exception {
    String env = TestNatsaga.freshEnv();
    List<Message> raw = new CopyOnWriteArrayList<>();
    try (Natsaga natsaga = TestNatsaga.start(TestNatsaga.options(NATS.url(), env, "ledger-service").build())) {
      natsaga.connection().createDispatcher(raw::add).subscribe(env + "." + CONFIRMED);
      natsaga.publisher().publish(CONFIRMED, new Confirmed("b", 1));
      await().atMost(Duration.ofSeconds(5)).until(() -> raw.size() == 1);
      assertThat(raw.get(0).getHeaders().getFirst("traceparent")).isNull();
      assertThat(natsaga.publisher()).isInstanceOf(EventPublisher.class).extracting(Object::getClass)
          .extracting(Class::getSimpleName).isEqualTo("NatsEventPublisher");
    }
  }

  private static String spanOfDelivery(TestTracing tracing, long delivery, String outcome) {
    return tracing.spans(SpanKind.CONSUMER, CONFIRMED).stream()
        .filter(s -> s.getAttributes().get(DELIVERY) == delivery && outcome.equals(s.getAttributes().get(OUTCOME)))
        .collect(single()).getParentSpanId();
  }

  private static void publishRaw(Natsaga natsaga, String env, String body, String msgId) throws Exception {
    io.nats.client.impl.Headers h = new io.nats.client.impl.Headers();
    h.put("Content-Type", "application/cloudevents+json");
    h.put("Nats-Msg-Id", msgId);
    natsaga.connection().jetStream().publish(NatsMessage.builder().subject(env + "." + CONFIRMED).headers(h)
        .data(body.getBytes(StandardCharsets.UTF_8)).build());
  }

  private static SpanData single(List<SpanData> spans) {
    assertThat(spans).hasSize(1);
    return spans.get(0);
  }

  private static java.util.stream.Collector<SpanData, ?, SpanData> single() {
    return java.util.stream.Collectors.collectingAndThen(java.util.stream.Collectors.toList(), TracingTest::single);
  }
}
