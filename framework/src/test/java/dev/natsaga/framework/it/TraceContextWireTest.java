package dev.natsaga.framework.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.natsaga.framework.Extensions;
import dev.natsaga.framework.HandlerRegistration;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.test.nats.NatsServerExtension;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The W3C context on the wire, with the real OpenTelemetry SDK and a real nats-server: each published message carries
 * its own producer span in both places (NATS header and CloudEvents extension), also when one thread publishes under
 * one span after another; {@code tracestate} travels beside {@code traceparent}; a binary-mode event's
 * {@code ce-traceparent} header is continued when the hop header is missing.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TraceContextWireTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  private static final String CONFIRMED = "booking.appointment.confirmed.v1";
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String PARENT_SPAN = "00f067aa0ba902b7";

  @Test
  void eachPublishWritesItsOwnProducerSpanIntoHeaderAndExtensionWithTheTraceState() throws Exception {
    String env = TestNatsaga.freshEnv();
    List<Message> raw = new CopyOnWriteArrayList<>();
    try (TestTracing tracing = new TestTracing();
        Natsaga natsaga = Natsaga.builder(TestNatsaga.options(NATS.url(), env, "ledger-service").build())
            .domains("booking").openTelemetry(tracing.sdk).build().start()) {
      natsaga.connection().createDispatcher(raw::add).subscribe(env + "." + CONFIRMED);
      TraceState state = TraceState.builder().put("vendor", "value-1").build();
      Context remote = Context.root().with(Span.wrap(
          SpanContext.createFromRemoteParent(TRACE_ID, PARENT_SPAN, TraceFlags.getSampled(), state)));
      try (Scope ignored = remote.makeCurrent()) {
        for (int i = 0; i < 3; i++) {
          natsaga.publisher().publish(OutgoingEvent.event(CONFIRMED, new Confirmed("b-" + i, i)).subject("b-" + i).build());
        }
      }
      await().atMost(Duration.ofSeconds(5)).until(() -> raw.size() == 3);

      List<SpanData> sends = tracing.spans(SpanKind.PRODUCER, CONFIRMED);
      assertThat(sends).hasSize(3).extracting(SpanData::getSpanId).doesNotHaveDuplicates();
      for (Message msg : raw) {
        String header = msg.getHeaders().getFirst("traceparent");
        String sendSpan = header.split("-")[2];
        assertThat(sends).extracting(SpanData::getSpanId).contains(sendSpan);
        assertThat(header).startsWith("00-" + TRACE_ID + "-");
        assertThat(msg.getHeaders().getFirst("tracestate")).isEqualTo("vendor=value-1");
        String body = new String(msg.getData(), StandardCharsets.UTF_8);
        assertThat(body).as("the CloudEvents extension names the same producer span")
            .contains("\"" + Extensions.TRACEPARENT + "\":\"" + header + "\"")
            .contains("\"tracestate\":\"vendor=value-1\"");
      }
      assertThat(raw).extracting(m -> m.getHeaders().getFirst("traceparent")).doesNotHaveDuplicates();
    }
  }

  @Test
  void aBinaryModeEventWithoutTheHopHeaderContinuesItsCeTraceparent() throws Exception {
    String env = TestNatsaga.freshEnv();
    try (TestTracing tracing = new TestTracing()) {
      HandlerRegistration<Confirmed> handler = HandlerRegistration.onEvent(CONFIRMED, Confirmed.class, e -> { }).build();
      try (Natsaga natsaga = Natsaga.builder(TestNatsaga.options(NATS.url(), env, "ledger-service").build())
          .handler(handler).openTelemetry(tracing.sdk).build().start()) {
        Headers h = new Headers();
        h.put("ce-specversion", "1.0");
        h.put("ce-id", "bin-1");
        h.put("ce-source", "other");
        h.put("ce-type", CONFIRMED);
        h.put("ce-traceparent", "00-" + TRACE_ID + "-" + PARENT_SPAN + "-01");
        h.put("ce-tracestate", "vendor=value-2");
        h.put("Content-Type", "application/json");
        h.put("Nats-Msg-Id", "bin-1");
        natsaga.connection().jetStream().publish(NatsMessage.builder().subject(env + "." + CONFIRMED).headers(h)
            .data("{\"bookingId\":\"b\",\"amount\":1}".getBytes(StandardCharsets.UTF_8)).build());
        await().atMost(Duration.ofSeconds(10)).until(() -> tracing.spans(SpanKind.CONSUMER, CONFIRMED).size() == 1);

        SpanData process = tracing.spans(SpanKind.CONSUMER, CONFIRMED).get(0);
        assertThat(process.getTraceId()).isEqualTo(TRACE_ID);
        assertThat(process.getParentSpanId()).isEqualTo(PARENT_SPAN);
        assertThat(process.getParentSpanContext().isRemote()).isTrue();
        assertThat(process.getParentSpanContext().getTraceState().get("vendor")).isEqualTo("value-2");
      }
    }
  }
}
