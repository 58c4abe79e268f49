/**
 * The Spring Boot 4 starter: auto-configuration of the natsaga runtime from {@code natsaga.*} properties
 * ({@link dev.natsaga.spring.NatsagaProperties}), handlers, middleware, health checks and saga definitions as beans,
 * the saga orchestrator and participant on the context's {@code DataSource}, Actuator health
 * ({@link dev.natsaga.spring.NatsagaHealthContributor}) and metrics in the context's {@code MeterRegistry}. The start
 * and stop sequences are the framework's ({@link dev.natsaga.framework.NatsagaLifecycle},
 * {@link dev.natsaga.saga.nats.SagaLifecycle}), shared with the Guice wiring; this package only wires them.
 */
package dev.natsaga.spring;
