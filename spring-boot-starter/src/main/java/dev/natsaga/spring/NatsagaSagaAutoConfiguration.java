package dev.natsaga.spring;

import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.NatsagaLifecycle;
import dev.natsaga.framework.consume.Middleware;
import dev.natsaga.framework.health.HealthCheck;
import com.zaxxer.hikari.HikariDataSource;
import dev.natsaga.outbox.Durability;
import dev.natsaga.outbox.H2Housekeeping;
import dev.natsaga.saga.SagaDefinition;
import dev.natsaga.saga.SagaEngine;
import dev.natsaga.saga.jdbc.JdbcSagaStore;
import dev.natsaga.saga.nats.SagaLifecycle;
import dev.natsaga.saga.nats.SagaOrchestrator;
import dev.natsaga.saga.nats.SagaOrchestratorOptions;
import dev.natsaga.saga.observe.MeteredSagaStore;
import dev.natsaga.saga.observe.SagaGauges;
import dev.natsaga.saga.observe.SagaHealthChecks;
import dev.natsaga.saga.store.SagaStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The saga orchestrator (saga-nats) over the context's {@link DataSource}: the {@link JdbcSagaStore} (its Flyway
 * migrations run when the bean is created, as {@code JdbcSagaStore.open} does for the Guice path), metered with the
 * context's {@link MeterRegistry}; the {@link SagaEngine} with every {@link SagaDefinition} bean; the
 * {@link SagaOrchestrator} from {@code natsaga.saga.*}; its reply consumers added to the runtime; the {@code database}
 * and {@code outbox} health components; the saga gauges; and a {@link NatsagaRunner} that runs the shared
 * {@link SagaLifecycle} (store, runtime, orchestrator; stopped in reverse).
 *
 * <p>Active when saga-nats is on the classpath and the context has a {@code DataSource} and at least one
 * {@code SagaDefinition} bean, unless {@code natsaga.saga.orchestrator.enabled=false}.
 */
@AutoConfiguration(before = NatsagaAutoConfiguration.class,
    afterName = {"org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnClass(SagaOrchestrator.class)
@ConditionalOnBean({DataSource.class, SagaDefinition.class})
@ConditionalOnProperty(prefix = "natsaga.saga.orchestrator", name = "enabled", matchIfMissing = true)
public class NatsagaSagaAutoConfiguration {

  /**
   * Every handler waits, after it returned and before its message is acked, until what it committed to the context's
   * database is durable: the group commit of an H2 file database with a write delay, a no-op otherwise
   * ({@link Durability}). A participant's handlers need no such wait: they wait before publishing their replies.
   */
  @Bean
  @ConditionalOnMissingBean(name = "natsagaDurableAcks")
  public Middleware natsagaDurableAcks(DataSource dataSource) {
    return Durability.of(dataSource).beforeAck();
  }

  /** The store on the context's data source, migrated (the outbox table, then the saga tables). */
  @Bean
  @ConditionalOnMissingBean
  public JdbcSagaStore natsagaJdbcSagaStore(DataSource dataSource) {
    return JdbcSagaStore.create(dataSource).migrate();
  }

  /** The store the engine uses: metered when the context has a {@link MeterRegistry}. */
  @Bean
  @ConditionalOnMissingBean(SagaStore.class)
  public SagaStore natsagaSagaStore(JdbcSagaStore store, ObjectProvider<MeterRegistry> meterRegistry) {
    MeterRegistry registry = meterRegistry.getIfUnique();
    return registry != null ? MeteredSagaStore.wrap(store, registry) : store;
  }

  /** {@code natsaga.saga.*}; a bad property fails here naming it. */
  @Bean
  @ConditionalOnMissingBean
  public SagaOrchestratorOptions natsagaOrchestratorOptions(NatsagaProperties properties, Environment environment) {
    return new PropertySettings(properties, environment).orchestratorOptions();
  }

  /** The engine: start sagas, query them, await them. */
  @Bean
  @ConditionalOnMissingBean
  public SagaEngine natsagaSagaEngine(SagaStore store, ObjectProvider<OpenTelemetry> openTelemetry) {
    SagaEngine.Builder builder = SagaEngine.builder().store(store);
    openTelemetry.ifUnique(builder::openTelemetry);
    return builder.build();
  }

  /** The orchestrator with every definition bean registered. */
  @Bean
  @ConditionalOnMissingBean
  public SagaOrchestrator natsagaSagaOrchestrator(SagaStore store, SagaEngine engine, SagaOrchestratorOptions options,
      ObjectProvider<SagaDefinition<?>> definitions) {
    return SagaOrchestrator.builder().store(store).engine(engine).options(options)
        .definitions(definitions.orderedStream().toList()).build();
  }

  /** One durable reply consumer per reply type of the registered definitions. */
  @Bean
  public NatsagaBuilderCustomizer natsagaSagaReplyConsumers(SagaOrchestrator orchestrator) {
    return builder -> builder.handlers(orchestrator.replyHandlers());
  }

  /** {@code database}: a validation query on the saga store. */
  @Bean
  public HealthCheck natsagaSagaDatabaseHealth(SagaStore store) {
    return SagaHealthChecks.database(store, Duration.ofSeconds(2));
  }

  /** {@code outbox}: DOWN when a command waits longer than {@code natsaga.saga.outbox-max-age}. */
  @Bean
  public HealthCheck natsagaSagaOutboxHealth(SagaStore store, NatsagaProperties properties) {
    Duration maxAge = properties.saga().outboxMaxAge();
    if (maxAge == null || maxAge.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new InvalidNatsagaPropertyException("natsaga.saga.outbox-max-age", String.valueOf(maxAge),
          "must be at least 1s, e.g. 60s", null);
    }
    return SagaHealthChecks.outbox(store, maxAge);
  }

  /** The saga gauges (sagas by status, outbox backlog, deadline lag), polled at the runtime's metrics interval. */
  @Bean(destroyMethod = "close")
  @ConditionalOnBean(MeterRegistry.class)
  @ConditionalOnMissingBean
  public SagaGauges natsagaSagaGauges(SagaStore store, MeterRegistry registry, Natsaga natsaga) {
    return SagaGauges.start(store, registry, natsaga.options().observability().metricsPollInterval());
  }

  /** Store, runtime and orchestrator in the shared order. */
  @Bean
  @ConditionalOnMissingBean
  public SagaLifecycle natsagaSagaLifecycle(JdbcSagaStore store, NatsagaLifecycle natsaga, SagaOrchestrator orchestrator) {
    return new SagaLifecycle(() -> store, natsaga, () -> orchestrator);
  }

  /**
   * Compaction of the context's data source when it is a HikariCP pool on an embedded H2 file that writes every commit
   * ({@code WRITE_DELAY=0}), which H2's own background writer never compacts ({@link H2Housekeeping}); no bean for any
   * other database. Stopped with the context.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = {"com.zaxxer.hikari.HikariDataSource", "org.h2.Driver"})
  static class H2FileCompaction {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    H2Housekeeping natsagaH2Housekeeping(DataSource dataSource) throws java.sql.SQLException {
      if (!dataSource.isWrapperFor(HikariDataSource.class)) {
        return null;
      }
      return H2Housekeeping.start(dataSource.unwrap(HikariDataSource.class)).orElse(null);
    }
  }

  /** Ties the saga lifecycle to the context. */
  @Bean
  @ConditionalOnMissingBean
  public NatsagaRunner natsagaRunner(SagaLifecycle lifecycle) {
    return new NatsagaRunner(lifecycle::start, lifecycle::stop, lifecycle::isRunning);
  }
}
