package dev.natsaga.spring;

import dev.natsaga.framework.DeferredEventPublisher;
import dev.natsaga.framework.EventPublisher;
import dev.natsaga.framework.HandlerRegistration;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.NatsagaLifecycle;
import dev.natsaga.framework.config.NatsagaOptions;
import dev.natsaga.framework.consume.Middleware;
import dev.natsaga.framework.health.HealthCheck;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The natsaga runtime from {@code natsaga.*} properties: {@link NatsagaOptions}, the {@link Natsaga} built from every
 * {@link HandlerRegistration}, {@link Middleware} and {@link HealthCheck} bean and every
 * {@link NatsagaBuilderCustomizer}, with the context's {@link MeterRegistry} and {@link OpenTelemetry} when there is
 * one; an injectable {@link EventPublisher}; and the {@link NatsagaRunner} that starts and stops it with the context.
 * Each bean backs off when the application defines its own.
 */
@AutoConfiguration(afterName = {
    "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
    "org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration"})
@EnableConfigurationProperties(NatsagaProperties.class)
public class NatsagaAutoConfiguration {

  /** The options; a bad property fails here naming it. */
  @Bean
  @ConditionalOnMissingBean
  public NatsagaOptions natsagaOptions(NatsagaProperties properties, Environment environment) {
    return new PropertySettings(properties, environment).natsagaOptions();
  }

  /** The runtime (not started: {@link NatsagaRunner} starts it with the context). */
  @Bean
  @ConditionalOnMissingBean
  public Natsaga natsaga(NatsagaOptions options, NatsagaProperties properties,
      ObjectProvider<HandlerRegistration<?>> handlers, ObjectProvider<Middleware> middleware,
      ObjectProvider<HealthCheck> healthChecks, ObjectProvider<NatsagaBuilderCustomizer> customizers,
      ObjectProvider<MeterRegistry> meterRegistry, ObjectProvider<OpenTelemetry> openTelemetry) {
    Natsaga.Builder builder = Natsaga.builder(options).handlers(handlers.orderedStream().toList());
    middleware.orderedStream().forEach(builder::middleware);
    domains(builder, properties.domains());
    customizers.orderedStream().forEach(c -> c.customize(builder));
    meterRegistry.ifUnique(builder::meterRegistry);
    openTelemetry.ifUnique(builder::openTelemetry);
    Natsaga natsaga = builder.build();
    healthChecks.orderedStream().forEach(natsaga.health()::register);
    return natsaga;
  }

  private static void domains(Natsaga.Builder builder, List<String> domains) {
    for (String domain : domains) {
      try {
        builder.domains(domain);
      } catch (IllegalArgumentException e) {
        throw new InvalidNatsagaPropertyException("natsaga.domains", domain,
            "each domain is the first part of an event type: a lower case letter, then lower case letters, digits or hyphens, e.g. payments", e);
      }
    }
  }

  /**
   * The publisher to inject: it resolves the runtime on first use, so handler beans (which the runtime is built from)
   * can inject it too.
   */
  @Bean
  @ConditionalOnMissingBean
  public EventPublisher natsagaEventPublisher(ObjectProvider<Natsaga> natsaga) {
    return new DeferredEventPublisher(natsaga::getObject, "natsaga starts with the application context; publish once"
        + " it has started (e.g. from an ApplicationRunner or a request), not while beans are being created");
  }

  /** Starts and stops the runtime once. */
  @Bean
  @ConditionalOnMissingBean
  public NatsagaLifecycle natsagaLifecycle(Natsaga natsaga) {
    return new NatsagaLifecycle(natsaga);
  }

  /** Ties the lifecycle to the context (the saga auto-configuration provides one that also runs the orchestrator). */
  @Bean
  @ConditionalOnMissingBean
  public NatsagaRunner natsagaRunner(NatsagaLifecycle lifecycle) {
    return NatsagaRunner.of(lifecycle);
  }
}
