package dev.natsaga.spring;

import dev.natsaga.framework.EventPublisher;
import dev.natsaga.framework.config.NatsagaOptions;
import dev.natsaga.saga.participant.SagaParticipant;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * The saga participant (saga-participant) on the context's {@link DataSource}: a {@link SagaParticipant} whose
 * {@code saga_participant_command} table is migrated when the bean is created and whose replies go out through the
 * runtime's publisher. Its command handlers are {@code HandlerRegistration} beans built with
 * {@link SagaParticipant#handle}.
 *
 * <p>Active when saga-participant is on the classpath and the context has a {@code DataSource}, unless
 * {@code natsaga.saga.participant.enabled=false}.
 */
@AutoConfiguration(before = NatsagaAutoConfiguration.class,
    afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnClass(SagaParticipant.class)
@ConditionalOnBean(DataSource.class)
@ConditionalOnProperty(prefix = "natsaga.saga.participant", name = "enabled", matchIfMissing = true)
public class NatsagaParticipantAutoConfiguration {

  /** The participant, named {@code natsaga.saga.participant.name} or else the service name. */
  @Bean
  @ConditionalOnMissingBean
  public SagaParticipant natsagaSagaParticipant(DataSource dataSource, NatsagaOptions options, NatsagaProperties properties,
      EventPublisher publisher) {
    String name = properties.saga().participant().name();
    return SagaParticipant.builder().name(name != null ? name : options.serviceName())
        .dataSource(dataSource).publisher(publisher).build().migrate();
  }
}
