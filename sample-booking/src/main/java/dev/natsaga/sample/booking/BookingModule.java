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
import dev.natsaga.security.EncryptionRules;
import dev.natsaga.security.EncryptionStage;
import dev.natsaga.security.crypto.Keyring;
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
 *     new BookingModule(bookingSettings, BookingSaga.definition(...), SampleKeyring.load(env)));
 * }</pre>
 */
final class BookingModule extends AbstractModule {

  private final BookingSettings settings;
  private final SagaDefinition<BookingState> saga;
  private final Keyring keyring;

  BookingModule(BookingSettings settings, SagaDefinition<BookingState> saga, Keyring keyring) {
    this.settings = settings;
    this.saga = saga;
    this.keyring = keyring;
  }

  @Override
  protected void configure() {
    bind(BookingSettings.class).toInstance(settings);
    bind(Clock.class).toInstance(Clock.systemUTC());
    bind(new TypeLiteral<SagaDefinition<BookingState>>() { }).toInstance(saga);
    SagaModule.saga(binder(), saga);
    NatsagaModule.domains(binder()).addBinding().toInstance("booking");
    // after the schema stage (installed before this module): the card is validated in clear, then encrypted
    NatsagaModule.payloadStages(binder()).addBinding().toInstance(new EncryptionStage(keyring,
        EncryptionRules.builder().fields(PaymentContract.AUTHORIZE, PaymentContract.ENCRYPTED_FIELDS).build(), null));
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
