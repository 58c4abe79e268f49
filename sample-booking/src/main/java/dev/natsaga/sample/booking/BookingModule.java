package dev.natsaga.sample.booking;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.TypeLiteral;
import dev.natsaga.framework.guice.NatsagaModule;
import dev.natsaga.saga.SagaDefinition;
import dev.natsaga.saga.SagaEngine;
import dev.natsaga.saga.guice.SagaModule;
import dev.natsaga.saga.jdbc.JdbcSagaStore;
import java.time.Clock;
import javax.sql.DataSource;

/**
 * Binds the booking service next to {@code NatsagaModule} and {@code SagaModule}: the booking saga (definition and
 * reply consumers), the extra stream domain {@code booking} (its events), the booking database (the saga store's pool,
 * so local steps commit with the saga) and the services on top.
 *
 * <pre>{@code
 * Guice.createInjector(new NatsagaModule(settings),
 *     new SagaModule(database, orchestrator),
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
  BookingOutcomes outcomes(DataSource dataSource, SagaEngine engine, SagaDefinition<BookingState> definition, Clock clock) {
    return new BookingOutcomes(dataSource, engine, definition, clock);
  }

  @Provides
  @Singleton
  BookingService bookings(DataSource dataSource, SagaEngine engine, SagaDefinition<BookingState> definition, Clock clock) {
    return new BookingService(dataSource, engine, definition, clock);
  }
}
