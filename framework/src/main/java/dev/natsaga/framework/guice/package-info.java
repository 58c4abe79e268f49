/**
 * Guice wiring for natsaga: {@link dev.natsaga.framework.guice.NatsagaModule} binds the options,
 * the extension points (handlers, middleware and extra stream domains as multibinders), the
 * {@link dev.natsaga.framework.Natsaga} runtime and an {@link dev.natsaga.framework.EventPublisher};
 * {@link dev.natsaga.framework.guice.NatsagaService} starts the runtime after the injector is built
 * and stops it gracefully on JVM shutdown.
 *
 * <p>This is the only package of the framework that uses Guice types; everything it wires is plain
 * Java that can be built without an injector ({@code Natsaga.builder(options)...build().start()}).
 *
 * <pre>{@code
 * Injector injector = Guice.createInjector(new NatsagaModule(), new PaymentModule());
 * NatsagaService natsaga = NatsagaService.start(injector);
 * injector.getInstance(EventPublisher.class).publish("payment.transaction.authorized.v1", authorized);
 * }</pre>
 */
package dev.natsaga.framework.guice;
