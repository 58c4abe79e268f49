package dev.natsaga.sample.booking;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.Provider;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.TypeLiteral;
import dev.natsaga.framework.EventPublisher;
import dev.natsaga.framework.guice.NatsagaModule;
import dev.natsaga.saga.SagaDefinition;
import dev.natsaga.saga.SagaEngine;
import dev.natsaga.saga.guice.SagaModule;
import dev.natsaga.saga.jdbc.JdbcSagaStore;
import dev.natsaga.saga.store.SagaStore;
import java.time.Clock;
import javax.sql.DataSource;

/**
 * Binds the booking service next to {@code NatsagaModule} and {@code SagaModule}: the booking saga (definition and
 * reply consumers), the extra stream domain {@code booking} (its events), the booking database (the saga store's pool,
 * so local steps commit with the saga) and the services on top.
 *
 * <pre>{@code
 * Guice.createInjector(new NatsagaModule(settings),
 *     Modules.override(new SagaModule(database, orchestrator)).with(BookingModule.sagaStore()),
 *     new BookingModule(bookingSettings, BookingSaga.definition(...)));
 * }</pre>
 */
final class BookingModule extends AbstractModule {

  private final BookingSettings settings;
  private final SagaDefinition<BookingState> saga;

  BookingModule(BookingSettings settings, SagaDefinition<BookingState> saga) {
    this.settings = settings;
    this.saga = saga;
  }

  /** Replaces {@code SagaModule}'s store with the {@link ObservedSagaStore} (correlation in the logs, finish hook). */
  static Module sagaStore() {
    return new AbstractModule() {
      @Provides
      @Singleton
      SagaStore store(JdbcSagaStore jdbc, Provider<BookingOutcomes> outcomes) {
        return new ObservedSagaStore(jdbc, (tx, instance) -> outcomes.get().sagaFinished(tx, instance));
      }
    };
  }

  @Override
  protected void configure() {
    bind(BookingSettings.class).toInstance(settings);
    bind(Clock.class).toInstance(Clock.systemUTC());
    bind(new TypeLiteral<SagaDefinition<BookingState>>() { }).toInstance(saga);
    SagaModule.saga(binder(), saga);
    NatsagaModule.domains(binder()).addBinding().toInstance("booking");
  }

  /** The booking database: the saga store's pool (opened and migrated on first use). */
  @Provides
  DataSource dataSource(JdbcSagaStore store) {
    return store.dataSource();
  }

  @Provides
  @Singleton
  OutboxRelay relay(DataSource dataSource, EventPublisher publisher, Clock clock) {
    return new OutboxRelay(dataSource, publisher, clock);
  }

  @Provides
  @Singleton
  BookingOutcomes outcomes(DataSource dataSource, SagaEngine engine, SagaDefinition<BookingState> definition, OutboxRelay relay,
                           Clock clock) {
    return new BookingOutcomes(dataSource, engine, definition, relay, clock);
  }

  @Provides
  @Singleton
  BookingService bookings(DataSource dataSource, SagaEngine engine, SagaDefinition<BookingState> definition, Clock clock) {
    return new BookingService(dataSource, engine, definition, clock);
  }
}
