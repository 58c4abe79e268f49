package dev.natsaga.spring;

import dev.natsaga.framework.Natsaga;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;

/**
 * The runtime's health components as the Actuator contributor {@code natsaga} ({@link NatsagaHealthContributor}),
 * when Spring Boot's health support is on the classpath; {@code management.health.natsaga.enabled=false} leaves it out.
 */
@AutoConfiguration(after = {NatsagaAutoConfiguration.class, NatsagaSagaAutoConfiguration.class})
@ConditionalOnClass(HealthContributor.class)
@ConditionalOnBean(Natsaga.class)
@ConditionalOnEnabledHealthIndicator("natsaga")
public class NatsagaHealthAutoConfiguration {

  /** Named {@code natsaga} in the health endpoint (Spring drops the {@code HealthContributor} suffix). */
  @Bean
  @ConditionalOnMissingBean(name = "natsagaHealthContributor")
  public NatsagaHealthContributor natsagaHealthContributor(Natsaga natsaga) {
    return new NatsagaHealthContributor(natsaga.health());
  }
}
