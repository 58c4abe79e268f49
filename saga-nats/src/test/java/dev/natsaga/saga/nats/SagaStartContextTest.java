package dev.natsaga.saga.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.natsaga.framework.Event;
import dev.natsaga.framework.EventContext;
import dev.natsaga.framework.EventType;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.saga.Retry;
import dev.natsaga.saga.SagaActor;
import dev.natsaga.saga.SagaDefinition;
import dev.natsaga.saga.SagaEngine;
import dev.natsaga.saga.SagaStart;
import dev.natsaga.saga.SagaStatus;
import dev.natsaga.saga.SagaView;
import dev.natsaga.saga.jdbc.JdbcSagaStore;
import dev.natsaga.saga.jdbc.SagaDatabaseOptions;
import dev.natsaga.saga.nats.ShopSaga.Order;
import dev.natsaga.test.nats.NatsServerExtension;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A saga keeps the context it was started with: who started it ({@code authtype}/{@code authid}) and its trace. The
 * first command goes out, the orchestrator is restarted while nobody answers, the new orchestrator's deadline scanner
 * retries the step: the retried command carries the same actor and the saga's trace id, its spans join the start's
 * trace, and the participant's replies and the next command carry the actor too.
 */
@Timeout(90)
class SagaStartContextTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private final String env = TestNats.freshEnv();
  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
      .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build()).build();
  private final List<Message> seen = new CopyOnWriteArrayList<>();
  private final SagaDefinition<Order> saga = ShopSaga.definition(Duration.ofSeconds(2), Retry.fixed(5, Duration.ofMillis(100)));
  private Connection watcher;
  private JdbcSagaStore jdbc;
  private SagaOrchestrator orchestrator;
  private Natsaga shop;
  private Natsaga payment;

  @AfterEach
  void close() throws Exception {
    stopOrchestrator();
    for (AutoCloseable c : new AutoCloseable[] {payment, watcher, sdk}) {
      if (c != null) {
        c.close();
      }
    }
  }

  @Test
  void aRestartedOrchestratorRetriesWithTheSagasActorAndTrace() throws Exception {
    watcher = Nats.connect(NATS.url());
    watcher.createDispatcher(seen::add).subscribe(env + ".payment.>");
    startOrchestrator();

    Span request = sdk.getTracer("test").spanBuilder("POST /orders").setSpanKind(SpanKind.SERVER).startSpan();
    UUID id;
    try (Scope ignored = request.makeCurrent()) {
      id = orchestrator.engine().start(saga, Order.of("o-1", 500), SagaStart.builder().callerKey("o-1")
          .actor(SagaActor.of(SagaActor.USER, "alice")).build());
    } finally {
      request.end();
    }
    String trace = request.getSpanContext().getTraceId();
    await().atMost(Duration.ofSeconds(10)).until(() -> messages(ShopSaga.AUTHORIZE).size() == 1);
    stopOrchestrator();
    startOrchestrator();
    await().atMost(Duration.ofSeconds(15)).until(() -> messages(ShopSaga.AUTHORIZE).size() >= 2);
    startParticipant();
    await().atMost(Duration.ofSeconds(20)).until(() -> orchestrator.engine().find(id).orElseThrow().status() == SagaStatus.COMPLETED);

    Message retried = messages(ShopSaga.AUTHORIZE).get(1);
    assertThat(body(retried).path("commandid").asText()).isEqualTo(body(messages(ShopSaga.AUTHORIZE).get(0)).path("commandid").asText());
    assertThat(retried.getHeaders().getFirst("traceparent")).as("the hop's traceparent").contains(trace);
    assertThat(body(retried).path("traceparent").asText()).as("the CloudEvents traceparent").contains(trace);
    for (String type : List.of(ShopSaga.AUTHORIZE, ShopSaga.AUTHORIZED, ShopSaga.CAPTURE, ShopSaga.CAPTURED)) {
      assertThat(messages(type)).as(type).isNotEmpty().allSatisfy(m -> {
        assertThat(body(m).path("authtype").asText()).as("authtype of %s", type).isEqualTo("user");
        assertThat(body(m).path("authid").asText()).as("authid of %s", type).isEqualTo("alice");
      });
    }

    SpanData start = inTrace(trace).stream().filter(s -> s.getName().equals("start " + ShopSaga.NAME)).findFirst().orElseThrow();
    List<String> deadlines = inTrace(trace).stream().filter(s -> s.getName().equals(ShopSaga.NAME + " deadline"))
        .peek(d -> assertThat(d.getParentSpanId()).as("a deadline continues the start").isEqualTo(start.getSpanId()))
        .map(SpanData::getSpanId).toList();
    assertThat(deadlines).as("the timeout and the retry, in the saga's trace: %s", names(trace)).hasSizeGreaterThanOrEqualTo(2);
    assertThat(inTrace(trace)).as("the retried attempt's span").anySatisfy(s -> {
      assertThat(s.getName()).isEqualTo(ShopSaga.NAME + " execute authorize-payment");
      assertThat(s.getAttributes().get(AttributeKey.longKey("natsaga.saga.attempt"))).isEqualTo(2L);
      assertThat(deadlines).contains(s.getParentSpanId());
    });
    SagaView view = orchestrator.engine().find(id).orElseThrow();
    assertThat(view.startedBy()).isEqualTo(SagaActor.of(SagaActor.USER, "alice"));
    assertThat(view.traceId()).isEqualTo(trace);
  }

  @Test
  void anOperatorsAbortContinuesTheSagasTraceAndLinksTheOperatorsRequest() throws Exception {
    watcher = Nats.connect(NATS.url());
    watcher.createDispatcher(seen::add).subscribe(env + ".payment.>");
    startOrchestrator();
    Span request = sdk.getTracer("test").spanBuilder("POST /orders").startSpan();
    UUID id;
    try (Scope ignored = request.makeCurrent()) {
      id = orchestrator.engine().start(saga, Order.of("o-4", 500), SagaStart.builder()
          .actor(SagaActor.of(SagaActor.SERVICE_ACCOUNT, "batch")).build());
    } finally {
      request.end();
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> messages(ShopSaga.AUTHORIZE).size() == 1);
    Span operator = sdk.getTracer("test").spanBuilder("POST /sagas/{id}/abort").startSpan();
    try (Scope ignored = operator.makeCurrent()) {
      orchestrator.engine().abort(id, "customer called");
    } finally {
      operator.end();
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> messages(ShopSaga.VOID).size() == 1);

    String trace = request.getSpanContext().getTraceId();
    SpanData abort = inTrace(trace).stream().filter(s -> s.getName().equals(ShopSaga.NAME + " abort")).findFirst()
        .orElseThrow(() -> new AssertionError("no abort span in the saga's trace: " + names(trace)));
    assertThat(abort.getLinks()).extracting(l -> l.getSpanContext().getSpanId())
        .containsExactly(operator.getSpanContext().getSpanId());
    Message voidCommand = messages(ShopSaga.VOID).get(0);
    assertThat(voidCommand.getHeaders().getFirst("traceparent")).contains(trace);
    assertThat(body(voidCommand).path("authtype").asText()).isEqualTo("service_account");
    assertThat(body(voidCommand).path("authid").asText()).isEqualTo("batch");
  }

  @Test
  void aSagaStartedInAHandlerTakesTheHandledEventsActor() throws Exception {
    startOrchestrator();
    CloudEvent envelope = CloudEventBuilder.v1().withId(UUID.randomUUID().toString())
        .withSource(URI.create("gateway")).withType("shop.order.requested.v1")
        .withExtension("authtype", "service_account").withExtension("authid", "checkout-bot").build();
    Event<String> handled = new Event<>(envelope, EventType.parse(envelope.getType()), null,
        new Event.Delivery("dev.shop.order.requested.v1", null, 0, 1));
    UUID[] id = new UUID[1];
    EventContext.with(handled, () -> id[0] = orchestrator.engine().start(saga, Order.of("o-2", 10)));
    assertThat(orchestrator.engine().find(id[0]).orElseThrow().startedBy())
        .isEqualTo(SagaActor.of(SagaActor.SERVICE_ACCOUNT, "checkout-bot"));
    UUID outside = orchestrator.engine().start(saga, Order.of("o-3", 10));
    assertThat(orchestrator.engine().find(outside).orElseThrow().startedBy()).isNull();
  }

  private void startOrchestrator() throws Exception {
    jdbc = JdbcSagaStore.open(SagaDatabaseOptions.builder().url("jdbc:h2:file:" + dir.resolve("saga") + ";LOCK_TIMEOUT=10000")
        .poolSize(4).build());
    try (java.sql.Connection c = jdbc.dataSource().getConnection()) {
      ShopSaga.createTables(c);
    }
    SagaEngine engine = SagaEngine.builder().store(jdbc).openTelemetry(sdk).build();
    orchestrator = SagaOrchestrator.builder().store(jdbc).engine(engine).definitions(saga)
        .options(TestNats.orchestratorOptions()).build();
    shop = Natsaga.builder(TestNats.options(NATS.url(), env, OrchestratorRuntime.SERVICE))
        .handlers(orchestrator.replyHandlers()).openTelemetry(sdk).build().start();
    orchestrator.start(shop);
  }

  private void stopOrchestrator() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {orchestrator, shop, jdbc}) {
      if (c != null) {
        c.close();
      }
    }
    orchestrator = null;
    shop = null;
    jdbc = null;
  }

  private void startParticipant() throws Exception {
    JdbcDataSource db = new JdbcDataSource();
    db.setURL("jdbc:h2:mem:payment-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    PaymentParticipant participant = new PaymentParticipant(db);
    payment = Natsaga.builder(TestNats.options(NATS.url(), env, "payment-service"))
        .handlers(participant.handlers()).openTelemetry(sdk).build();
    participant.participant().publishWith(payment);
    payment.start();
  }

  private List<Message> messages(String type) {
    return seen.stream().filter(m -> m.getSubject().equals(env + "." + type)).toList();
  }

  private static JsonNode body(Message m) {
    try {
      return JSON.readTree(m.getData());
    } catch (java.io.IOException e) {
      throw new AssertionError("not a structured CloudEvent on " + m.getSubject(), e);
    }
  }

  private List<SpanData> inTrace(String trace) {
    return spans.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(trace)).toList();
  }

  private List<String> names(String trace) {
    return inTrace(trace).stream().map(SpanData::getName).toList();
  }
}
