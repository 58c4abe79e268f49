/**
 * Guice wiring for the saga engine: {@link dev.natsaga.saga.guice.SagaModule} binds the store, the engine, the
 * orchestrator and the definitions multibinder and contributes the reply consumers to the framework's handler
 * multibinder; {@link dev.natsaga.saga.guice.SagaService} starts NATS, the consumers and the orchestrator after the
 * injector is built. This is the only package of the saga engine that uses Guice types.
 *
 * <pre>{@code
 * Injector injector = Guice.createInjector(new NatsagaModule(), new SagaModule(), new BookingModule());
 * SagaService.start(injector);
 * }</pre>
 */
package dev.natsaga.saga.guice;
