package dev.natsaga.saga.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Binder;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.ProvidesIntoSet;
import dev.natsaga.framework.HandlerRegistration;
import dev.natsaga.framework.config.Settings;
import dev.natsaga.framework.consume.Middleware;
import dev.natsaga.framework.guice.NatsagaModule;
import dev.natsaga.outbox.Durability;
import dev.natsaga.saga.SagaDefinition;
import dev.natsaga.saga.SagaEngine;
import dev.natsaga.saga.SagaQueries;
import dev.natsaga.saga.SagaRegistry;
import dev.natsaga.saga.jdbc.JdbcSagaStore;
import dev.natsaga.saga.jdbc.SagaDatabaseOptions;
import dev.natsaga.saga.nats.SagaOrchestrator;
import dev.natsaga.saga.nats.SagaOrchestratorOptions;
import dev.natsaga.saga.observe.MeteredSagaStore;
import dev.natsaga.saga.store.SagaStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Binds the saga engine into an injector next to {@link NatsagaModule}: the {@link SagaDatabaseOptions}
 * ({@code SAGA_DB_URL}, {@code SAGA_DB_USER}, {@code SAGA_DB_PASSWORD}, {@code SAGA_DB_POOL_SIZE}; H2 file under
 * {@code ./data/} by default, PostgreSQL with a {@code jdbc:postgresql:} URL), the {@link SagaOrchestratorOptions}
 * ({@code SAGA_DEADLINE_INTERVAL}, ...), the store, the {@link SagaEngine} (also as {@link SagaQueries}), the
 * {@link SagaOrchestrator}, the saga definitions (a multibinder) and the {@link SagaService} that starts it all.
 *
 * <p>Binding does not connect or migrate: the store is opened (pool, Flyway) by {@link SagaService#start()} or
 * by the first use of the engine. Bad settings fail {@code Guice.createInjector} with a message naming them.
 *
 * <pre>{@code
 * final class BookingModule extends AbstractModule {
 *   @Override protected void configure() {
 *     SagaModule.saga(binder(), BookingSaga.definition());        // definition + its reply consumers
 *   }
 * }
 * Injector injector = Guice.createInjector(new NatsagaModule(), new SagaModule(), new BookingModule());
 * SagaService sagas = SagaService.start(injector);                // NATS, consumers, relay, deadlines
 * UUID id = injector.getInstance(SagaEngine.class).start(definition, state, "booking-" + bookingId);
 * }</pre>
 *
 * <p><b>Reply consumers.</b> Every reply type needs a durable consumer, registered in
 * {@link NatsagaModule#handlers(Binder)} while the module configures, that is before the definitions
 * of a provider-built multibinder entry exist. {@link #saga(Binder, SagaDefinition)} does both for a definition
 * instance. A definition built by a provider (e.g. {@code @ProvidesIntoSet} with injected collaborators) is
 * added to {@link #definitions(Binder)} and its reply types are declared with {@link #replyTypes(Binder, Collection)};
 * {@link SagaService#start()} refuses to start when a registered definition has a reply type without consumer,
 * naming it.
 */
public final class SagaModule extends AbstractModule {

  private static final TypeLiteral<SagaDefinition<?>> DEFINITION = new TypeLiteral<>() { };
  private static final TypeLiteral<HandlerRegistration<?>> HANDLER = new TypeLiteral<>() { };
  private static final List<String> DATABASE_SETTINGS = List.of("SAGA_DB_URL", "SAGA_DB_USER", "SAGA_DB_PASSWORD", "SAGA_DB_POOL_SIZE");

  private final SagaDatabaseOptions database;
  private final SagaOrchestratorOptions orchestrator;

  /**
   * Settings from system properties and environment variables (a property wins), read and validated here: a
   * bad one fails {@code new SagaModule()} with one error naming it, not a Guice {@code CreationException}.
   */
  public SagaModule() {
    this(Settings.fromEnvironment());
  }

  /** Settings read (and validated) from {@code settings}, e.g. {@code Settings.of(Map.of("SAGA_DB_URL", url))}. */
  public SagaModule(Settings settings) {
    this(databaseOptions(Objects.requireNonNull(settings, "settings")), SagaOrchestratorOptions.from(settings));
  }

  /** Explicit options, e.g. in tests. */
  public SagaModule(SagaDatabaseOptions database, SagaOrchestratorOptions orchestrator) {
    this.database = Objects.requireNonNull(database, "database");
    this.orchestrator = Objects.requireNonNull(orchestrator, "orchestrator");
  }

  /** @return the saga database options read from the {@code SAGA_DB_*} settings */
  public static SagaDatabaseOptions databaseOptions(Settings settings) {
    Map<String, String> values = new HashMap<>();
    DATABASE_SETTINGS.forEach(name -> settings.get(name).ifPresent(v -> values.put(name, v)));
    return SagaDatabaseOptions.fromEnvironment(values);
  }

  /**
   * The definitions multibinder: every definition (and every older version with sagas in flight) the engine drives.
   * Declare the reply types of provider-built definitions with {@link #replyTypes(Binder, Collection)}.
   */
  public static Multibinder<SagaDefinition<?>> definitions(Binder binder) {
    return Multibinder.newSetBinder(binder, DEFINITION).permitDuplicates();
  }

  /** Adds a definition and a reply consumer for each of its reply types. */
  public static void saga(Binder binder, SagaDefinition<?> definition) {
    Objects.requireNonNull(definition, "definition");
    definitions(binder).addBinding().toInstance(definition);
    replyTypes(binder, definition.replyTypes());
  }

  /**
   * Contributes a reply consumer (a {@link HandlerRegistration} named {@code saga-replies-<type>}) per type into
   * {@link NatsagaModule#handlers(Binder)}; a type declared by several modules gets one consumer.
   */
  public static void replyTypes(Binder binder, Collection<String> types) {
    Multibinder<HandlerRegistration<?>> handlers = Multibinder.newSetBinder(binder, HANDLER).permitDuplicates();
    for (String type : types) {
      handlers.addBinding().toProvider(new ReplyRegistrationProvider(type));
    }
  }

  @Override
  protected void configure() {
    definitions(binder());
    bind(SagaDatabaseOptions.class).toInstance(database);
    bind(SagaOrchestratorOptions.class).toInstance(orchestrator);
    bind(ReplyHandlerCache.class).in(Singleton.class);
    bind(SagaService.class).in(Singleton.class);
    NatsagaModule.meterRegistry(binder());
    NatsagaModule.openTelemetry(binder());
  }

  /** The store: opens the pool and migrates the schema on first use. */
  @Provides
  @Singleton
  JdbcSagaStore jdbcStore(SagaDatabaseOptions options) {
    return JdbcSagaStore.open(options);
  }

  /**
   * Every handler of the service waits, after it returned and before its message is acked, until what it committed
   * to the saga database is durable: a no-op unless that database is an H2 file with a write delay, where it is the
   * group commit ({@link Durability}).
   */
  @ProvidesIntoSet
  Middleware durableAcks(JdbcSagaStore store) {
    return Durability.of(store.dataSource()).beforeAck();
  }

  /** The JDBC store; with a bound {@code MeterRegistry} it records the saga metrics ({@link MeteredSagaStore}). */
  @Provides
  @Singleton
  SagaStore store(JdbcSagaStore store, Optional<MeterRegistry> registry) {
    return registry.map(r -> MeteredSagaStore.wrap(store, r)).orElse(store);
  }

  @Provides
  @Singleton
  SagaRegistry registry(Set<SagaDefinition<?>> definitionSet) {
    SagaRegistry registry = new SagaRegistry();
    definitionSet.forEach(registry::register);
    return registry;
  }

  @Provides
  @Singleton
  SagaEngine engine(SagaStore store, SagaRegistry registry, Optional<OpenTelemetry> openTelemetry) {
    SagaEngine.Builder builder = SagaEngine.builder().store(store).registry(registry);
    openTelemetry.ifPresent(builder::openTelemetry);
    return builder.build();
  }

  @Provides
  SagaQueries queries(SagaEngine engine) {
    return engine;
  }

  @Provides
  @Singleton
  SagaOrchestrator orchestrator(SagaStore store, SagaEngine engine, SagaOrchestratorOptions options) {
    return SagaOrchestrator.builder().store(store).engine(engine).options(options).build();
  }
}
