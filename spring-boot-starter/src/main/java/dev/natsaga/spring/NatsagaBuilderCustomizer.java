package dev.natsaga.spring;

import dev.natsaga.framework.Natsaga;

/**
 * Adjusts the {@link Natsaga.Builder} before the auto-configured runtime is built: a bean of this type is applied in
 * order ({@code @Order}). The saga auto-configuration adds the orchestrator's reply consumers with one.
 *
 * <pre>{@code
 * @Bean
 * NatsagaBuilderCustomizer paymentsStream() {
 *   return builder -> builder.domains("payments");
 * }
 * }</pre>
 */
@FunctionalInterface
public interface NatsagaBuilderCustomizer {

  /** Adds to {@code builder}: handlers, middleware, domains. */
  void customize(Natsaga.Builder builder);
}
