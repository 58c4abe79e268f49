package dev.natsaga.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.natsaga.framework.Event;
import dev.natsaga.framework.EventPublisher;
import dev.natsaga.framework.config.NatsagaOptions;
import dev.natsaga.saga.SagaEngine;
import dev.natsaga.saga.nats.SagaLifecycle;
import dev.natsaga.saga.participant.SagaParticipant;
import dev.natsaga.spring.app.OrdersApplication;
import dev.natsaga.spring.app.OrdersApplication.Note;
import dev.natsaga.test.nats.NatsServerExtension;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The application's own beans and switches win over the auto-configuration. */
class StarterOverrideTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  /** The application builds its options itself. */
  @Configuration(proxyBeanMethods = false)
  static class OwnOptions {
    @Bean
    NatsagaOptions natsagaOptions() {
      return NatsagaOptions.builder().natsUrl(NATS.url()).serviceName("hand-built-service")
          .environment("own" + System.nanoTime() % 100_000).build();
    }
  }

  @Test
  void anOptionsBeanOfTheApplicationReplacesThePropertiesAndTheOrchestratorSwitchLeavesItOut() throws Exception {
    // properties that would fail start-up if they were read: the application's NatsagaOptions bean wins
    Map<String, String> properties = Map.of("natsaga.consumer.max-deliver", "0", "natsaga.saga.orchestrator.enabled", "false");
    try (ConfigurableApplicationContext context = TestApplications.run(NATS.url(), properties, OwnOptions.class)) {
      context.getBean(EventPublisher.class).publish(OrdersApplication.NOTED, new Note("o-own", "hand built"));

      @SuppressWarnings("unchecked")
      Event<Note> event = ((BlockingQueue<Event<Note>>) context.getBean("receivedNotes")).poll(20, TimeUnit.SECONDS);
      assertThat(event).isNotNull();
      assertThat(event.source()).isEqualTo("hand-built-service");
      assertThat(context.getBeansOfType(SagaEngine.class)).as("natsaga.saga.orchestrator.enabled=false").isEmpty();
      assertThat(context.getBeansOfType(SagaLifecycle.class)).isEmpty();
      assertThat(context.getBeansOfType(SagaParticipant.class)).as("the participant is a switch of its own").hasSize(1);
      assertThat(context.getBean(NatsagaRunner.class).isRunning()).isTrue();
    }
  }
}
