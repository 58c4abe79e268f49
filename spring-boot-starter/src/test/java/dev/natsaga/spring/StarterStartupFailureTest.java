package dev.natsaga.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import dev.natsaga.framework.EventPublisher;
import dev.natsaga.spring.app.OrdersApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.support.SpringFactoriesLoader;

/**
 * Start-up failures of the application: a bad {@code natsaga.*} property stops it naming the property and the fix;
 * an unreachable NATS stops it naming the URL and leaves no natsaga thread behind.
 */
class StarterStartupFailureTest {

  private static final String UNUSED_URL = "nats://127.0.0.1:1"; // never reached: these fail before connecting

  @Test
  void aValueTheFrameworkRefusesFailsStartupNamingThePropertyAndWhatItAllows() {
    assertThatThrownBy(() -> TestApplications.run(UNUSED_URL, Map.of("natsaga.consumer.max-deliver", "0")))
        .satisfies(failure -> {
          InvalidNatsagaPropertyException e = cause(failure, InvalidNatsagaPropertyException.class);
          assertThat(e.property()).isEqualTo("natsaga.consumer.max-deliver");
          assertThat(e.getMessage()).isEqualTo("invalid property natsaga.consumer.max-deliver='0': must be between 1 and 1000");
        });
  }

  @Test
  void aRuleBetweenTwoPropertiesNamesBothByTheirPropertyNames() {
    assertThatThrownBy(() -> TestApplications.run(UNUSED_URL,
        Map.of("natsaga.consumer.backoff-initial", "10s", "natsaga.consumer.backoff-max", "1s")))
        .satisfies(failure -> {
          InvalidNatsagaPropertyException e = cause(failure, InvalidNatsagaPropertyException.class);
          assertThat(e.property()).isEqualTo("natsaga.consumer.backoff-max");
          assertThat(e.getMessage()).startsWith("invalid property natsaga.consumer.backoff-max='1s': ");
          assertThat(e.allowed()).contains("natsaga.consumer.backoff-initial").doesNotContain("NATS_");
        });
  }

  @Test
  void aBadSagaPropertyIsNamedToo() {
    assertThatThrownBy(() -> TestApplications.run(UNUSED_URL, Map.of("natsaga.saga.relay-batch-size", "0")))
        .satisfies(failure -> assertThat(cause(failure, InvalidNatsagaPropertyException.class).property())
            .isEqualTo("natsaga.saga.relay-batch-size"));
  }

  @Test
  void aBadDomainIsNamed() {
    assertThatThrownBy(() -> TestApplications.run(UNUSED_URL, Map.of("natsaga.domains", "Payments")))
        .satisfies(failure -> {
          InvalidNatsagaPropertyException e = cause(failure, InvalidNatsagaPropertyException.class);
          assertThat(e.property()).isEqualTo("natsaga.domains");
          assertThat(e.getMessage()).startsWith("invalid property natsaga.domains='Payments': each domain is");
        });
  }

  @Test
  void anApplicationNameThatIsNoServiceNameIsNamedWithTheWayOut() {
    assertThatThrownBy(() -> TestApplications.run(UNUSED_URL, Map.of("spring.application.name", "Orders Service")))
        .satisfies(failure -> {
          InvalidNatsagaPropertyException e = cause(failure, InvalidNatsagaPropertyException.class);
          assertThat(e.property()).isEqualTo("spring.application.name");
          assertThat(e.getMessage()).startsWith("invalid property spring.application.name='Orders Service': use 1-64 letters")
              .contains("set natsaga.service-name");
        });
  }

  @Test
  void aValueOfTheWrongTypeFailsBindingNamingTheProperty() {
    assertThatThrownBy(() -> TestApplications.run(UNUSED_URL, Map.of("natsaga.consumer.ack-wait", "soon")))
        .satisfies(failure -> assertThat(cause(failure, BindException.class).getProperty().getName().toString())
            .isEqualTo("natsaga.consumer.ack-wait"));
  }

  @Test
  void springBootReportsABadPropertyWithItsNameAsTheDescriptionAndTheFixAsTheAction() {
    Throwable failure = catchFailure(Map.of("natsaga.env", "Prod Env"));
    // the analyzers Spring Boot would load from META-INF/spring.factories (those that need a bean factory are left out)
    FailureAnalysis analysis = SpringFactoriesLoader.forDefaultResourceLocation()
        .load(FailureAnalyzer.class, SpringFactoriesLoader.FailureHandler.handleMessage((message, e) -> { })).stream()
        .filter(NatsagaPropertyFailureAnalyzer.class::isInstance).findFirst().orElseThrow().analyze(failure);

    assertThat(analysis.getDescription()).startsWith("invalid property natsaga.env='Prod Env'");
    assertThat(analysis.getAction()).startsWith("Update natsaga.env in your application's configuration: use 1-32 lower case");
  }

  /** A bean that publishes while the context is still being built. */
  @Configuration(proxyBeanMethods = false)
  static class PublishesTooEarly {
    @Bean
    Object earlyPublisher(EventPublisher publisher) {
      publisher.publish(OrdersApplication.NOTED, new OrdersApplication.Note("o-early", "too early"));
      return new Object();
    }
  }

  @Test
  void publishingWhileTheContextIsBeingBuiltFailsSayingWhenPublishingWorks() {
    assertThatThrownBy(() -> TestApplications.run(UNUSED_URL, Map.of(), PublishesTooEarly.class))
        .satisfies(failure -> assertThat(cause(failure, IllegalStateException.class).getMessage())
            .startsWith("the EventPublisher was used before natsaga started: natsaga starts with the application context;"
                + " publish once it has started"));
  }

  @Test
  void anUnreachableNatsFailsStartupNamingTheUrlAndLeavesNoNatsagaThreadRunning() throws IOException {
    String url = "nats://127.0.0.1:" + closedPort();

    assertThatThrownBy(() -> TestApplications.run(url, Map.of("natsaga.nats.connect-timeout", "1s")))
        .rootCause().hasMessageContaining(url);

    assertThat(natsagaThreads()).as("a failed start closes every thread it made").isEmpty();
  }

  private static Set<String> natsagaThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).filter(t -> !t.isDaemon())
        .map(Thread::getName).filter(n -> n.startsWith("natsaga") || n.startsWith("nats")).collect(Collectors.toSet());
  }

  private static Throwable catchFailure(Map<String, String> properties) {
    try {
      TestApplications.run(UNUSED_URL, properties).close();
    } catch (RuntimeException e) {
      return e;
    }
    throw new AssertionError("the application started with " + properties);
  }

  private static <T extends Throwable> T cause(Throwable failure, Class<T> type) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    throw new AssertionError("no " + type.getSimpleName() + " in the causes of " + failure, failure);
  }

  /** A port nothing listens on (it was free a moment ago). */
  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
