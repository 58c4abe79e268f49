package dev.natsaga.saga.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.natsaga.framework.Natsaga;
import dev.natsaga.saga.Retry;
import dev.natsaga.saga.SagaDefinition;
import dev.natsaga.saga.SagaEngine;
import dev.natsaga.saga.SagaStatus;
import dev.natsaga.saga.jdbc.JdbcSagaStore;
import dev.natsaga.saga.jdbc.SagaDatabaseOptions;
import dev.natsaga.saga.nats.ShopSaga.Order;
import dev.natsaga.saga.observe.MeteredSagaStore;
import dev.natsaga.saga.observe.SagaGauges;
import dev.natsaga.saga.observe.SagaHealthChecks;
import dev.natsaga.saga.store.SagaStore;
import dev.natsaga.test.nats.NatsServerExtension;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole saga over NATS with the OpenTelemetry SDK and a meter registry: one trace from the caller's span through
 * every step, the command to the participant and its reply; the saga counters, timers and gauges; and the saga
 * database and outbox health components.
 */
@Timeout(60)
class SagaObservabilityTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  @TempDir
  Path dir;

  private final String env = TestNats.freshEnv();
  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
      .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build()).build();
  private final MeterRegistry registry = new SimpleMeterRegistry();
  private JdbcSagaStore jdbc;
  private SagaOrchestrator orchestrator;
  private Natsaga shop;
  private Natsaga payment;

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {orchestrator, shop, payment, jdbc, sdk}) {
      if (c != null) {
        c.close();
      }
    }
  }

  @Test
  void oneSagaIsOneTraceAcrossBothServicesAndIsCounted() throws Exception {
    SagaDefinition<Order> saga = ShopSaga.definition(Duration.ofSeconds(10), Retry.none());
    SagaStore store = start(saga);

    Span request = sdk.getTracer("test").spanBuilder("POST /orders").setSpanKind(SpanKind.SERVER).startSpan();
    UUID ok;
    try (Scope ignored = request.makeCurrent()) {
      ok = orchestrator.engine().start(saga, Order.of("o-1", 500), "o-1");
    } finally {
      request.end();
    }
    UUID declined = orchestrator.engine().start(saga, Order.of("o-2", PaymentParticipant.DECLINE_ABOVE + 1), "o-2");
    awaitStatus(ok, SagaStatus.COMPLETED);
    awaitStatus(declined, SagaStatus.COMPENSATED);

    String trace = request.getSpanContext().getTraceId();
    await().atMost(Duration.ofSeconds(10)).until(() -> named("shop.order execute capture-payment", trace) != null
        && inTrace(trace).stream().filter(s -> s.getName().endsWith(ShopSaga.CAPTURED) && s.getKind() == SpanKind.CONSUMER).count() == 1);
    SpanData start = named("start shop.order", trace);
    assertThat(start.getParentSpanId()).isEqualTo(request.getSpanContext().getSpanId());
    assertThat(named("shop.order execute reserve-stock", trace).getParentSpanId()).isEqualTo(start.getSpanId());
    SpanData authorize = named("shop.order execute authorize-payment", trace);
    assertThat(authorize.getParentSpanId()).isEqualTo(start.getSpanId());
    SpanData command = child(trace, authorize, "send " + env + "." + ShopSaga.AUTHORIZE);
    SpanData handled = child(trace, command, "process " + env + "." + ShopSaga.AUTHORIZE);
    assertThat(handled.getKind()).isEqualTo(SpanKind.CONSUMER);
    SpanData reply = child(trace, handled, "send " + env + "." + ShopSaga.AUTHORIZED);
    SpanData replyHandled = child(trace, reply, "process " + env + "." + ShopSaga.AUTHORIZED);
    assertThat(named("shop.order execute confirm-order", trace).getParentSpanId()).isEqualTo(replyHandled.getSpanId());
    SpanData capture = named("shop.order execute capture-payment", trace);
    assertThat(capture.getParentSpanId()).isEqualTo(replyHandled.getSpanId());
    child(trace, capture, "send " + env + "." + ShopSaga.CAPTURE);

    assertThat(count("natsaga.sagas.started")).isEqualTo(2);
    assertThat(count("natsaga.sagas.completed")).isEqualTo(1);
    assertThat(count("natsaga.sagas.compensated")).isEqualTo(1);
    assertThat(count("natsaga.sagas.compensation_failed")).isZero();
    assertThat(registry.get("natsaga.saga.duration").tag("status", "COMPLETED").timer().count()).isEqualTo(1);
    assertThat(registry.get("natsaga.saga.step.duration").tag("step", "authorize-payment").tag("outcome", "succeeded")
        .timer().count()).isEqualTo(1);
    assertThat(registry.get("natsaga.saga.step.duration").tag("step", "reserve-stock").tag("phase", "compensate")
        .timer().count()).isEqualTo(1);

    try (SagaGauges gauges = SagaGauges.start(store, registry, Duration.ofHours(1))) {
      gauges.poll();
      assertThat(registry.get("natsaga.sagas").tag("status", "COMPLETED").gauge().value()).isEqualTo(1);
      assertThat(registry.get("natsaga.sagas").tag("status", "COMPENSATED").gauge().value()).isEqualTo(1);
      assertThat(registry.get("natsaga.outbox.backlog").gauge().value()).isZero();
      assertThat(registry.get("natsaga.outbox.oldest.age").gauge().value()).isZero();
      assertThat(registry.get("natsaga.saga.deadline.lag").gauge().value()).isZero();
    }
    assertThat(SagaHealthChecks.database(store, Duration.ofSeconds(2)).check().isUp()).isTrue();
    assertThat(SagaHealthChecks.outbox(store, Duration.ofSeconds(60)).check().details()).containsEntry("unpublished", 0L);
    jdbc.close();
    assertThat(SagaHealthChecks.database(store, Duration.ofSeconds(2)).check().isUp()).as("the pool is closed").isFalse();
  }

  private SagaStore start(SagaDefinition<Order> saga) throws Exception {
    jdbc = JdbcSagaStore.open(SagaDatabaseOptions.builder().url("jdbc:h2:file:" + dir.resolve("saga") + ";LOCK_TIMEOUT=10000")
        .poolSize(8).build());
    try (Connection c = jdbc.dataSource().getConnection()) {
      ShopSaga.createTables(c);
    }
    SagaStore store = MeteredSagaStore.wrap(jdbc, registry);
    SagaEngine engine = SagaEngine.builder().store(store).openTelemetry(sdk).build();
    orchestrator = SagaOrchestrator.builder().store(store).engine(engine).definitions(saga)
        .options(TestNats.orchestratorOptions()).build();
    shop = Natsaga.builder(TestNats.options(NATS.url(), env, OrchestratorRuntime.SERVICE))
        .handlers(orchestrator.replyHandlers()).openTelemetry(sdk).meterRegistry(registry).build().start();
    orchestrator.start(shop);

    JdbcDataSource db = new JdbcDataSource();
    db.setURL("jdbc:h2:mem:payment-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    PaymentParticipant participant = new PaymentParticipant(db);
    payment = Natsaga.builder(TestNats.options(NATS.url(), env, "payment-service"))
        .handlers(participant.handlers()).openTelemetry(sdk).build();
    participant.participant().publishWith(payment);
    payment.start();
    return store;
  }

  private void awaitStatus(UUID id, SagaStatus status) {
    await().atMost(Duration.ofSeconds(20)).until(() -> orchestrator.engine().find(id).orElseThrow().status() == status);
  }

  private double count(String name) {
    return registry.get(name).tag("saga_type", ShopSaga.NAME).counter().count();
  }

  private List<SpanData> inTrace(String trace) {
    return spans.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(trace)).toList();
  }

  private SpanData named(String name, String trace) {
    List<SpanData> found = inTrace(trace).stream().filter(s -> s.getName().equals(name)).toList();
    assertThat(found).as("spans named %s", name).hasSizeLessThanOrEqualTo(1);
    return found.isEmpty() ? null : found.get(0);
  }

  private SpanData child(String trace, SpanData parent, String name) {
    List<SpanData> found = inTrace(trace).stream()
        .filter(s -> s.getName().equals(name) && s.getParentSpanId().equals(parent.getSpanId())).toList();
    assertThat(found).as("%s under %s in %s", name, parent.getName(), inTrace(trace).stream().map(SpanData::getName).toList())
        .hasSize(1);
    return found.get(0);
  }
}
