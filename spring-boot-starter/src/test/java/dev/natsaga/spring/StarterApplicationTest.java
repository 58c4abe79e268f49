package dev.natsaga.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.natsaga.framework.Event;
import dev.natsaga.framework.EventPublisher;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.observe.MetricNames;
import dev.natsaga.saga.SagaEngine;
import dev.natsaga.saga.SagaStatus;
import dev.natsaga.saga.SagaView;
import dev.natsaga.saga.nats.SagaOrchestrator;
import dev.natsaga.saga.observe.SagaMetricNames;
import dev.natsaga.spring.app.OrdersApplication;
import dev.natsaga.spring.app.OrdersApplication.Note;
import dev.natsaga.spring.app.OrdersApplication.OrderState;
import dev.natsaga.test.nats.NatsServerExtension;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.health.actuate.endpoint.CompositeHealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ResolvableType;

/**
 * A real Spring Boot application context ({@link OrdersApplication}, auto-configured by the starter) against a real
 * nats-server and H2: events, a saga against a participant, Actuator health and metrics.
 */
class StarterApplicationTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  private static ConfigurableApplicationContext context;

  @BeforeAll
  static void startApplication() {
    context = TestApplications.run(NATS.url(), Map.of());
  }

  @AfterAll
  static void stopApplication() {
    if (context != null) {
      context.close();
    }
  }

  @Test
  void anEventPublishedThroughTheStartersPublisherIsHandledByTheHandlerBean() throws Exception {
    @SuppressWarnings("unchecked")
    BlockingQueue<Event<Note>> received = (BlockingQueue<Event<Note>>) context.getBeanProvider(
        ResolvableType.forClassWithGenerics(BlockingQueue.class, ResolvableType.forClassWithGenerics(Event.class, Note.class)))
        .getObject();
    String orderId = "o-" + UUID.randomUUID();

    context.getBean(EventPublisher.class).publish(OrdersApplication.NOTED, new Note(orderId, "ring twice"));

    Event<Note> event = received.poll(20, TimeUnit.SECONDS);
    assertThat(event).as("the handler bean got the event").isNotNull();
    assertThat(event.data()).isEqualTo(new Note(orderId, "ring twice"));
    assertThat(event.source()).as("the service name comes from spring.application.name").isEqualTo("orders-service");
  }

  @Test
  void aSagaBeanRunsToCompletedAgainstTheParticipantBean() throws Exception {
    SagaEngine engine = context.getBean(SagaEngine.class);
    String orderId = "o-" + UUID.randomUUID();

    UUID sagaId = engine.start(context.getBean("orderSaga", dev.natsaga.saga.SagaDefinition.class),
        new OrderState(orderId, 4_500, null, false), "order-" + orderId);
    SagaView done = engine.await(sagaId, Duration.ofSeconds(30));

    assertThat(done.status()).isEqualTo(SagaStatus.COMPLETED);
    OrderState state = engine.findState(sagaId, OrderState.class).orElseThrow();
    assertThat(state.paymentId()).as("the participant's reply was folded in").isEqualTo("pay-" + orderId);
    assertThat(state.confirmed()).as("the local step after it ran").isTrue();
  }

  @Test
  void theMiddlewareBeanWrapsTheHandlerBeansTheParticipantAndTheReplyConsumers() throws Exception {
    aSagaBeanRunsToCompletedAgainstTheParticipantBean();
    anEventPublishedThroughTheStartersPublisherIsHandledByTheHandlerBean();

    @SuppressWarnings("unchecked")
    Set<String> handled = (Set<String>) context.getBean("handledTypes");
    assertThat(handled).contains(OrdersApplication.NOTED, OrdersApplication.CHARGE, OrdersApplication.CHARGED);
  }

  @Test
  void aDeclinedChargeCompensatesTheSaga() throws Exception {
    SagaEngine engine = context.getBean(SagaEngine.class);
    String orderId = "o-" + UUID.randomUUID();

    UUID sagaId = engine.start(context.getBean("orderSaga", dev.natsaga.saga.SagaDefinition.class),
        new OrderState(orderId, OrdersApplication.LIMIT + 1, null, false), "order-" + orderId);

    assertThat(engine.await(sagaId, Duration.ofSeconds(30)).status()).isEqualTo(SagaStatus.COMPENSATED);
  }

  @Test
  void actuatorHealthReportsEveryNatsagaComponentUp() {
    HealthEndpoint health = context.getBean(HealthEndpoint.class);

    HealthDescriptor natsaga = health.healthForPath("natsaga");

    assertThat(natsaga.getStatus()).isEqualTo(Status.UP);
    assertThat(((CompositeHealthDescriptor) natsaga).getComponents()).containsKeys("nats", "jetstream", "database", "outbox")
        .hasKeySatisfying(new org.assertj.core.api.Condition<>(k -> k.startsWith("consumer:"), "a consumer component"));
    assertThat(health.healthForPath("natsaga", "nats").getStatus()).isEqualTo(Status.UP);
    assertThat(health.health().getStatus()).as("the application's overall health").isEqualTo(Status.UP);
  }

  @Test
  void theFrameworksMetricsAreInTheContextsMeterRegistry() throws Exception {
    context.getBean(EventPublisher.class).publish(OrdersApplication.NOTED, new Note("o-metrics", "count me"));
    MeterRegistry registry = context.getBean(MeterRegistry.class);

    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(registry.find(MetricNames.EVENTS_PUBLISHED).counters()).isNotEmpty();
      assertThat(registry.find(MetricNames.EVENTS_CONSUMED).tag("type", OrdersApplication.NOTED).counters())
          .as("consumed by the handler bean").isNotEmpty();
    });
    assertThat(registry.find(SagaMetricNames.OUTBOX_BACKLOG).gauge()).as("the saga gauges").isNotNull();
    assertThat(registry.find(SagaMetricNames.STARTED).meters()).as("the metered saga store").isNotNull();
  }

  @Test
  void theRuntimeAndOrchestratorRunWithTheContext() {
    assertThat(context.getBean(NatsagaRunner.class).isRunning()).isTrue();
    assertThat(context.getBean(Natsaga.class).isHealthy()).isTrue();
    assertThat(context.getBean(SagaOrchestrator.class).isRunning()).isTrue();
  }
}
