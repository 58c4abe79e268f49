package dev.natsaga.saga.guice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.ProvidesIntoSet;
import dev.natsaga.framework.EventPublisher;
import dev.natsaga.framework.HandlerRegistration;
import dev.natsaga.framework.config.ConfigException;
import dev.natsaga.framework.config.Settings;
import dev.natsaga.framework.guice.NatsagaModule;
import dev.natsaga.saga.Retry;
import dev.natsaga.saga.SagaDefinition;
import dev.natsaga.saga.SagaEngine;
import dev.natsaga.saga.SagaQueries;
import dev.natsaga.saga.SagaStatus;
import dev.natsaga.saga.jdbc.JdbcSagaStore;
import dev.natsaga.saga.jdbc.SagaDatabaseOptions;
import dev.natsaga.saga.nats.ParticipantRuntime;
import dev.natsaga.saga.nats.PaymentParticipant;
import dev.natsaga.saga.nats.ShopSaga;
import dev.natsaga.saga.nats.ShopSaga.Order;
import dev.natsaga.saga.nats.TestNats;
import dev.natsaga.test.nats.NatsServerExtension;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The Guice wiring: an injector with NatsagaModule and SagaModule runs a saga over a real nats-server. */
@Timeout(60)
class SagaModuleTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  private static final SagaDefinition<Order> V1 = ShopSaga.definition(1, Duration.ofSeconds(10), Retry.none());
  private static final SagaDefinition<Order> V2 = ShopSaga.definition(2, Duration.ofSeconds(10), Retry.none());

  @TempDir
  Path dir;

  private final String env = TestNats.freshEnv();
  private ParticipantRuntime participant;
  private SagaService sagas;

  @AfterEach
  void close() throws Exception {
    if (sagas != null) {
      sagas.stop();
    }
    if (participant != null) {
      participant.close();
    }
  }

  private Injector injector(AbstractModule sagaDefinitions) {
    SagaDatabaseOptions database = SagaDatabaseOptions.builder().url("jdbc:h2:file:" + dir.resolve("saga")).poolSize(6).build();
    return Guice.createInjector(new NatsagaModule(TestNats.options(NATS.url(), env, "shop-service")),
        new SagaModule(database, TestNats.orchestratorOptions()), sagaDefinitions);
  }

  @Test
  void injectorRunsSagasOfEveryRegisteredVersionOverNats() throws Exception {
    participant = ParticipantRuntime.start(NATS.url(), env);
    Injector injector = injector(new AbstractModule() {
      @Override
      protected void configure() {
        SagaModule.saga(binder(), V1);
        SagaModule.saga(binder(), V2);     // the same reply types: one consumer each
      }
    });

    sagas = SagaService.start(injector);
    try (Connection c = injector.getInstance(JdbcSagaStore.class).dataSource().getConnection()) {
      ShopSaga.createTables(c);
    }
    SagaEngine engine = injector.getInstance(SagaEngine.class);
    UUID first = engine.start(V1, Order.of("g-1", 100), "g-1");
    UUID second = engine.start(V2, Order.of("g-2", 100), "g-2");

    SagaQueries queries = injector.getInstance(SagaQueries.class);
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(queries.find(first).orElseThrow().status()).isEqualTo(SagaStatus.COMPLETED);
      assertThat(queries.find(second).orElseThrow().status()).isEqualTo(SagaStatus.COMPLETED);
    });
    assertThat(queries.find(second).orElseThrow().definitionVersion()).isEqualTo(2);
    assertThat(sagas.isHealthy()).isTrue();
    assertThat(sagas.engine()).isSameAs(engine);
    assertThat(injector.getInstance(ReplyHandlerCache.class).types())
        .containsExactly(ShopSaga.AUTHORIZED, ShopSaga.CAPTURED, ShopSaga.DECLINED, ShopSaga.VOIDED);

    sagas.stop();
    assertThat(sagas.isRunning()).isFalse();
  }

  @Test
  void providerBuiltDefinitionsDeclareTheirReplyTypes() throws Exception {
    participant = ParticipantRuntime.start(NATS.url(), env);
    Injector injector = injector(new AbstractModule() {
      @Override
      protected void configure() {
        SagaModule.replyTypes(binder(), List.of(ShopSaga.AUTHORIZED, ShopSaga.DECLINED, ShopSaga.CAPTURED, ShopSaga.VOIDED));
      }

      @ProvidesIntoSet
      SagaDefinition<?> shop() {
        return V1;
      }
    });

    sagas = SagaService.start(injector);
    try (Connection c = injector.getInstance(JdbcSagaStore.class).dataSource().getConnection()) {
      ShopSaga.createTables(c);
    }
    UUID id = sagas.engine().start(V1, Order.of("g-3", 100));
    await().atMost(Duration.ofSeconds(20))
        .until(() -> sagas.engine().find(id).orElseThrow().status() == SagaStatus.COMPLETED);
  }

  @Test
  void oneServiceCanOrchestrateAndParticipate() throws Exception {
    JdbcDataSource paymentDb = new JdbcDataSource();
    paymentDb.setURL("jdbc:h2:mem:guice-payment-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    Injector injector = injector(new AbstractModule() {
      @Override
      protected void configure() {
        SagaModule.saga(binder(), V1);
        SagaModule.saga(binder(), V1);     // registered twice by mistake: still one definition, one consumer each
      }

      @Provides
      @Singleton
      PaymentParticipant payment(EventPublisher publisher) throws SQLException {
        return new PaymentParticipant(paymentDb, publisher);   // the injected publisher resolves the runtime lazily
      }

      @ProvidesIntoSet
      HandlerRegistration<?> authorize(PaymentParticipant payment) {
        return payment.handlers().get(0);
      }

      @ProvidesIntoSet
      HandlerRegistration<?> capture(PaymentParticipant payment) {
        return payment.handlers().get(1);
      }

      @ProvidesIntoSet
      HandlerRegistration<?> voidPayment(PaymentParticipant payment) {
        return payment.handlers().get(2);
      }
    });

    sagas = SagaService.start(injector);
    try (Connection c = injector.getInstance(JdbcSagaStore.class).dataSource().getConnection()) {
      ShopSaga.createTables(c);
    }
    UUID completed = sagas.engine().start(V1, Order.of("g-4", 100));
    UUID declined = sagas.engine().start(V1, Order.of("g-5", PaymentParticipant.DECLINE_ABOVE + 1));

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(sagas.engine().find(completed).orElseThrow().status()).isEqualTo(SagaStatus.COMPLETED);
      assertThat(sagas.engine().find(declined).orElseThrow().status()).isEqualTo(SagaStatus.COMPENSATED);
    });
    PaymentParticipant payment = injector.getInstance(PaymentParticipant.class);
    assertThat(payment.effects(completed, "authorize") + payment.effects(completed, "capture")).isEqualTo(2);
    assertThat(payment.effects(declined, "authorize")).isEqualTo(1);
  }

  @Test
  void startRefusesADefinitionWhoseRepliesNobodyConsumes() {
    Injector injector = injector(new AbstractModule() {
      @ProvidesIntoSet
      SagaDefinition<?> shop() {
        return V1;
      }
    });

    assertThatThrownBy(() -> SagaService.start(injector))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(ShopSaga.AUTHORIZED)
        .hasMessageContaining("SagaModule.replyTypes");
  }

  @Test
  void badSettingsFailTheModuleOnceNamingTheSetting() {
    assertThatThrownBy(() -> new SagaModule(Settings.of(Map.of("SAGA_DB_POOL_SIZE", "many"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SAGA_DB_POOL_SIZE");
    assertThatThrownBy(() -> new SagaModule(Settings.of(Map.of("SAGA_DEADLINE_INTERVAL", "soon"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("SAGA_DEADLINE_INTERVAL");
  }
}
