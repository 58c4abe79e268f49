package dev.natsaga.framework.guice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import dev.natsaga.framework.EventPublisher;
import dev.natsaga.framework.HandlerRegistration;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.config.ConfigException;
import dev.natsaga.framework.config.NatsagaOptions;
import dev.natsaga.framework.config.Settings;
import dev.natsaga.framework.consume.Middleware;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Building the injector reads and validates the settings, and never connects. */
class NatsagaModuleConfigTest {

  @Test
  void aBadSettingFailsTheModuleNamingTheSetting() {
    assertThatThrownBy(() -> Guice.createInjector(new NatsagaModule(Settings.of(Map.of("NATS_URL", "localhost:4222")))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("NATS_URL")
        .hasMessageContaining("localhost:4222")
        .hasMessageContaining("nats://host:port");
    assertThatThrownBy(() -> Guice.createInjector(new NatsagaModule(Settings.of(Map.of("NATS_STREAM_REPLICAS", "7")))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("NATS_STREAM_REPLICAS");
  }

  @Test
  void theDefaultModuleReadsSystemPropertiesAndFailsOnABadOne() {
    System.setProperty("APP_ENV", "Prod Env");
    try {
      assertThatThrownBy(() -> Guice.createInjector(new NatsagaModule()))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("APP_ENV")
          .hasMessageContaining("Prod Env");
    } finally {
      System.clearProperty("APP_ENV");
    }
    System.setProperty("SERVICE_NAME", "sysprop-service");
    try {
      Injector injector = Guice.createInjector(new NatsagaModule());
      assertThat(injector.getInstance(NatsagaOptions.class).serviceName()).isEqualTo("sysprop-service");
    } finally {
      System.clearProperty("SERVICE_NAME");
    }
  }

  @Test
  void buildingTheInjectorDoesNotConnectAndBindsEmptyExtensionPoints() throws IOException {
    Injector injector = Guice.createInjector(new NatsagaModule(Settings.of(Map.of("NATS_URL", "nats://127.0.0.1:" + freePort()))));
    Natsaga natsaga = injector.getInstance(Natsaga.class);
    assertThat(natsaga.isHealthy()).isFalse();
    assertThat(injector.getInstance(Natsaga.class)).isSameAs(natsaga);
    assertThat(injector.getInstance(NatsagaService.class)).isSameAs(injector.getInstance(NatsagaService.class));
    assertThat(injector.getInstance(NatsagaService.class).isRunning()).isFalse();
    assertThat(injector.getInstance(Key.get(new TypeLiteral<Set<HandlerRegistration<?>>>() { }))).isEmpty();
    assertThat(injector.getInstance(Key.get(new TypeLiteral<Set<Middleware>>() { }))).isEmpty();
    assertThat(injector.getInstance(Key.get(new TypeLiteral<Set<String>>() { }, StreamDomains.class))).isEmpty();
    assertThatThrownBy(() -> injector.getInstance(EventPublisher.class).publish("booking.appointment.confirmed.v1", "x"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("NatsagaService.start()");
  }

  @Test
  void explicitOptionsAreBoundAsGiven() {
    NatsagaOptions options = NatsagaOptions.builder().serviceName("given-service").environment("qa").build();
    Injector injector = Guice.createInjector(new NatsagaModule(options));
    assertThat(injector.getInstance(NatsagaOptions.class)).isSameAs(options);
  }

  @Test
  void anUnreachableServerFailsStartNamingNatsUrlAndTheServiceCannotBeRetried() throws IOException {
    String url = "nats://127.0.0.1:" + freePort();
    Injector injector = Guice.createInjector(new NatsagaModule(Settings.of(Map.of(
        "NATS_URL", url, "SERVICE_NAME", "lonely-service", "NATS_CONNECT_TIMEOUT", "1s"))));
    NatsagaService service = injector.getInstance(NatsagaService.class);

    assertThatThrownBy(service::start)
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("lonely-service")
        .hasMessageContaining("NATS_URL")
        .hasMessageContaining(url);
    assertThat(service.isRunning()).isFalse();
    assertThatThrownBy(service::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("new injector");
  }

  @Test
  void twoHandlersWithTheSameNameFailWhenTheRuntimeIsBuilt() {
    Injector injector = Guice.createInjector(new NatsagaModule(NatsagaOptions.builder().build()), new AbstractModule() {
      @Override
      protected void configure() {
        NatsagaModule.handlers(binder()).addBinding().toInstance(
            HandlerRegistration.onEvent("booking.appointment.confirmed.v1", String.class, e -> { }).name("dup").build());
        NatsagaModule.handlers(binder()).addBinding().toInstance(
            HandlerRegistration.onEvent("booking.appointment.cancelled.v1", String.class, e -> { }).name("dup").build());
      }
    });
    assertThatThrownBy(() -> injector.getInstance(NatsagaService.class))
        .hasMessageContaining("two handlers are named 'dup'");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
