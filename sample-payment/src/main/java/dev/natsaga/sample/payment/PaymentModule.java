package dev.natsaga.sample.payment;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.ProvidesIntoSet;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.natsaga.framework.BatchOptions;
import dev.natsaga.framework.EventPublisher;
import dev.natsaga.framework.HandlerRegistration;
import dev.natsaga.framework.payload.PayloadStage;
import dev.natsaga.outbox.ClosedDatabaseEviction;
import dev.natsaga.saga.participant.CommandHandler;
import dev.natsaga.saga.participant.SagaParticipant;
import dev.natsaga.sample.payment.PaymentMessages.Authorize;
import dev.natsaga.sample.payment.PaymentMessages.Capture;
import dev.natsaga.sample.payment.PaymentMessages.Refund;
import dev.natsaga.sample.payment.PaymentMessages.VoidPayment;
import dev.natsaga.security.crypto.Keyring;
import java.time.Clock;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/**
 * Binds the payment service next to {@code NatsagaModule}: its settings, its database pool (created on first use,
 * not while binding), the {@link SagaParticipant} over that database, and one handler per command.
 */
final class PaymentModule extends AbstractModule {

  private final PaymentSettings settings;
  private final Keyring keyring;

  PaymentModule(PaymentSettings settings, Keyring keyring) {
    this.settings = settings;
    this.keyring = keyring;
  }

  @Override
  protected void configure() {
    bind(PaymentSettings.class).toInstance(settings);
    bind(Clock.class).toInstance(Clock.systemUTC());
  }

  @Provides
  @Singleton
  HikariDataSource pool(PaymentSettings s) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(s.dbUrl());
    config.setUsername(s.dbUser());
    config.setPassword(s.dbPassword());
    config.setMaximumPoolSize(s.dbPoolSize());
    config.setPoolName("payment-db");
    return ClosedDatabaseEviction.pool(config);   // H2 reopened after a full disk
  }

  @Provides
  DataSource dataSource(HikariDataSource pool) {
    return pool;
  }

  @Provides
  @Singleton
  SagaParticipant participant(PaymentSettings s, DataSource dataSource, EventPublisher publisher) {
    SagaParticipant.Builder participant = SagaParticipant.builder().name(s.serviceName()).dataSource(dataSource).publisher(publisher);
    s.dbCircuitBreaker().ifPresent(participant::circuitBreaker);
    return participant.build();
  }

  @Provides
  @Singleton
  PaymentCommands commands(PaymentSettings s, Clock clock) {
    return new PaymentCommands(s.declineAbove(), clock);
  }

  /**
   * The classification of the payment data ({@code sensitivity} on every event, customer ids and card details masked in
   * the framework's logs) around the decryption of the card in the authorize command.
   */
  @ProvidesIntoSet
  PayloadStage classification() {
    return PaymentMessages.classification(keyring);
  }

  @ProvidesIntoSet
  HandlerRegistration<?> authorize(SagaParticipant participant, PaymentCommands commands) {
    return register(participant, PaymentMessages.AUTHORIZE, Authorize.class, commands::authorize);
  }

  @ProvidesIntoSet
  HandlerRegistration<?> capture(SagaParticipant participant, PaymentCommands commands) {
    return register(participant, PaymentMessages.CAPTURE, Capture.class, commands::capture);
  }

  @ProvidesIntoSet
  HandlerRegistration<?> voidPayment(SagaParticipant participant, PaymentCommands commands) {
    return register(participant, PaymentMessages.VOID, VoidPayment.class, commands::voidPayment);
  }

  @ProvidesIntoSet
  HandlerRegistration<?> refund(SagaParticipant participant, PaymentCommands commands) {
    return register(participant, PaymentMessages.REFUND, Refund.class, commands::refund);
  }

  /** One handler; batched ({@code PAYMENT_COMMAND_BATCH} commands per transaction of the payment database) unless set to 1. */
  private <T> HandlerRegistration<T> register(SagaParticipant participant, String type, Class<T> payload, CommandHandler<T> handler) {
    if (settings.commandBatch() <= 1) {
      return participant.handle(type, payload, handler);
    }
    return participant.handleBatch(type, payload, handler, new BatchOptions(settings.commandBatch(), settings.commandBatchWait()),
        UnaryOperator.identity());
  }
}
