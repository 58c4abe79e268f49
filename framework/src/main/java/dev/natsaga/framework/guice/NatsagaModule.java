package dev.natsaga.framework.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Binder;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;
import dev.natsaga.framework.DeferredEventPublisher;
import dev.natsaga.framework.EventPublisher;
import dev.natsaga.framework.HandlerRegistration;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.config.NatsagaOptions;
import dev.natsaga.framework.config.Settings;
import dev.natsaga.framework.consume.Middleware;
import dev.natsaga.framework.dlq.DeadLetters;
import dev.natsaga.framework.health.Health;
import dev.natsaga.framework.health.HealthCheck;
import dev.natsaga.framework.payload.PayloadStage;
import dev.natsaga.framework.request.EventRequester;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;
import io.opentelemetry.api.OpenTelemetry;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Binds natsaga into a Guice injector: the {@link NatsagaOptions}, the extension points (handlers,
 * middleware and extra stream domains, each a multibinder), a singleton {@link Natsaga} built from
 * them, an {@link EventPublisher}, and the {@link NatsagaService} that starts and stops it.
 *
 * <p>The module only binds: building the injector neither connects nor creates streams. The
 * options are read and validated when the module is constructed, so a bad setting fails
 * {@code new NatsagaModule()} with a {@link dev.natsaga.framework.config.ConfigException} naming the
 * setting, reported once (not wrapped and repeated by Guice's {@code CreationException}).
 * {@link NatsagaService#start()} then connects, provisions the streams and starts the consumers.
 *
 * <pre>{@code
 * final class PaymentModule extends AbstractModule {
 *   @Override protected void configure() {
 *     NatsagaModule.middleware(binder()).addBinding().to(TimingMiddleware.class);
 *     NatsagaModule.domains(binder()).addBinding().toInstance("booking"); // published to, not handled
 *   }
 *
 *   @ProvidesIntoSet                          // the handler object comes from the injector
 *   HandlerRegistration<?> authorize(PaymentHandlers handlers) {
 *     return HandlerRegistration.onCommand("payment.transaction.authorize.v1", Authorize.class, handlers::authorize)
 *         .idempotent().build();
 *   }
 * }
 *
 * Injector injector = Guice.createInjector(new NatsagaModule(), new PaymentModule());
 * NatsagaService service = injector.getInstance(NatsagaService.class).start(); // closes on JVM shutdown
 * }</pre>
 *
 * <p>Handlers are created while the {@link Natsaga} is built, before it starts; they may inject
 * {@link EventPublisher} directly (it resolves the started runtime on first use). {@link Natsaga},
 * {@link Connection}, {@link EventRequester} and {@link DeadLetters} need the runtime, so objects
 * built before start (handlers, middleware) inject a {@code Provider} of them instead.
 */
public final class NatsagaModule extends AbstractModule {

  private static final TypeLiteral<HandlerRegistration<?>> HANDLER = new TypeLiteral<>() { };

  private final NatsagaOptions options;

  /**
   * Options from system properties and environment variables ({@link NatsagaOptions#fromEnvironment()}).
   *
   * @throws dev.natsaga.framework.config.ConfigException when a setting is invalid
   */
  public NatsagaModule() {
    this(NatsagaOptions.fromEnvironment());
  }

  /** Explicit options, e.g. built with {@link NatsagaOptions#builder()} in tests. */
  public NatsagaModule(NatsagaOptions options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /**
   * Options read from {@code settings}, e.g. {@code Settings.of(Map.of("NATS_URL", url))}.
   *
   * @throws dev.natsaga.framework.config.ConfigException when a setting is invalid
   */
  public NatsagaModule(Settings settings) {
    this(NatsagaOptions.from(Objects.requireNonNull(settings, "settings")));
  }

  /**
   * The handler multibinder. Contribute a registration as an instance, from a provider class whose
   * dependencies are injected, or with a {@code @ProvidesIntoSet} method returning {@code HandlerRegistration<?>}.
   *
   * <pre>{@code
   * NatsagaModule.handlers(binder()).addBinding().toProvider(AuthorizeRegistration.class);
   * }</pre>
   */
  public static Multibinder<HandlerRegistration<?>> handlers(Binder binder) {
    return Multibinder.newSetBinder(binder, HANDLER);
  }

  /**
   * The middleware multibinder. Middleware wraps every handler; the first bound is the outermost
   * (across modules: in the order the modules are installed). natsaga's correlation middleware is
   * always outside all of them, so the MDC and correlation are already set when they run.
   *
   * <pre>{@code
   * NatsagaModule.middleware(binder()).addBinding().to(TimingMiddleware.class);
   * }</pre>
   */
  public static Multibinder<Middleware> middleware(Binder binder) {
    return Multibinder.newSetBinder(binder, Middleware.class);
  }

  /**
   * The payload-stage multibinder ({@link dev.natsaga.framework.payload.PayloadPipeline}): outgoing events pass the
   * stages in the order bound, incoming ones in reverse order.
   *
   * <pre>{@code
   * NatsagaModule.payloadStages(binder()).addBinding().toInstance(schemaValidation);
   * }</pre>
   */
  public static Multibinder<PayloadStage> payloadStages(Binder binder) {
    return Multibinder.newSetBinder(binder, PayloadStage.class);
  }

  /**
   * The multibinder of extra stream domains ({@link StreamDomains}): domains start-up provisions a
   * stream for besides those of the handled types, e.g. ones the service only publishes to.
   *
   * <pre>{@code
   * NatsagaModule.domains(binder()).addBinding().toInstance("booking");
   * }</pre>
   */
  public static Multibinder<String> domains(Binder binder) {
    return Multibinder.newSetBinder(binder, String.class, StreamDomains.class);
  }

  /**
   * Binds the application's {@code MeterRegistry} to switch on natsaga's metrics.
   *
   * <pre>{@code
   * NatsagaModule.meterRegistry(binder()).setBinding().toInstance(prometheusRegistry);
   * }</pre>
   */
  public static OptionalBinder<MeterRegistry> meterRegistry(Binder binder) {
    return OptionalBinder.newOptionalBinder(binder, MeterRegistry.class);
  }

  /**
   * Binds the application's {@code OpenTelemetry} to switch on natsaga's spans.
   *
   * <pre>{@code
   * NatsagaModule.openTelemetry(binder()).setBinding().toInstance(AutoConfiguredOpenTelemetrySdk.initialize().getOpenTelemetrySdk());
   * }</pre>
   */
  public static OptionalBinder<OpenTelemetry> openTelemetry(Binder binder) {
    return OptionalBinder.newOptionalBinder(binder, OpenTelemetry.class);
  }

  /**
   * The multibinder of extra health components (the saga database, the outbox), registered with
   * {@link Natsaga#health()} beside NATS, JetStream and the consumers.
   *
   * <pre>{@code
   * NatsagaModule.healthChecks(binder()).addBinding().to(DatabaseHealthCheck.class);
   * }</pre>
   */
  public static Multibinder<HealthCheck> healthChecks(Binder binder) {
    return Multibinder.newSetBinder(binder, HealthCheck.class);
  }

  @Override
  protected void configure() {
    bind(NatsagaOptions.class).toInstance(options);
    handlers(binder());
    middleware(binder());
    payloadStages(binder());
    domains(binder());
    meterRegistry(binder());
    openTelemetry(binder());
    healthChecks(binder());
    bind(NatsagaService.class).in(Singleton.class);
  }

  @Provides
  @Singleton
  Natsaga natsaga(NatsagaOptions natsagaOptions, Set<HandlerRegistration<?>> handlerSet, Set<Middleware> middlewareSet,
      @StreamDomains Set<String> domainSet, Optional<MeterRegistry> registry, Optional<OpenTelemetry> openTelemetry,
      Set<HealthCheck> checks, Set<PayloadStage> stages) {
    Natsaga.Builder builder = Natsaga.builder(natsagaOptions).handlers(handlerSet).domains(domainSet.toArray(String[]::new));
    middlewareSet.forEach(builder::middleware);
    stages.forEach(builder::payloadStage);
    registry.ifPresent(builder::meterRegistry);
    openTelemetry.ifPresent(builder::openTelemetry);
    Natsaga natsaga = builder.build();
    checks.forEach(natsaga.health()::register);
    return natsaga;
  }

  /**
   * The injected publisher: resolves the started runtime's publisher on first use, so objects built before
   * {@link NatsagaService#start()} (handlers among them, which the {@link Natsaga} depends on) can inject it.
   */
  @Provides
  @Singleton
  EventPublisher publisher(com.google.inject.Provider<Natsaga> natsaga) {
    return new DeferredEventPublisher(natsaga::get, "call NatsagaService.start() (after the injector is built) before publishing");
  }

  /** The service's health components (available before start; NATS, JetStream and consumers join at start). */
  @Provides
  Health health(Natsaga natsaga) {
    return natsaga.health();
  }

  /** The runtime's connection; requires {@link NatsagaService#start()}. */
  @Provides
  Connection connection(Natsaga natsaga) {
    return natsaga.connection();
  }

  /** Request-reply on the runtime's connection; requires {@link NatsagaService#start()}. */
  @Provides
  EventRequester requester(Natsaga natsaga) {
    return natsaga.requester();
  }

  /** Dead letters of this environment; requires {@link NatsagaService#start()}. */
  @Provides
  DeadLetters deadLetters(Natsaga natsaga) {
    return natsaga.deadLetters();
  }
}
