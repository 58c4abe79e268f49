package dev.natsaga.sample.booking;

import com.google.inject.Injector;
import com.zaxxer.hikari.HikariDataSource;
import dev.natsaga.console.Console;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.config.ConfigException;
import dev.natsaga.framework.config.Settings;
import dev.natsaga.framework.guice.NatsagaModule;
import dev.natsaga.framework.health.Health;
import dev.natsaga.outbox.H2FileLockCheck;
import dev.natsaga.outbox.H2Housekeeping;
import dev.natsaga.saga.SagaDefinition;
import dev.natsaga.saga.SagaEngine;
import dev.natsaga.saga.guice.SagaModule;
import dev.natsaga.saga.guice.SagaService;
import dev.natsaga.saga.jdbc.JdbcSagaStore;
import dev.natsaga.saga.nats.SagaOrchestratorOptions;
import dev.natsaga.saga.observe.SagaGauges;
import dev.natsaga.saga.observe.SagaHealthChecks;
import dev.natsaga.saga.store.SagaStore;
import dev.natsaga.sample.support.H2Shutdown;
import dev.natsaga.sample.support.HealthEvents;
import dev.natsaga.sample.support.JsonHttpServer;
import dev.natsaga.sample.support.ServiceTelemetry;
import dev.natsaga.sample.support.guice.ServiceLauncher;
import dev.natsaga.sample.support.SampleKeyring;
import dev.natsaga.sample.support.guice.SchemaModule;
import dev.natsaga.sample.support.guice.TelemetryModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The booking service: {@code java -jar natsaga-sample-booking.jar}. Start-up: read the settings (a bad one stops here,
 * named), open the booking database (saga schema, then the booking tables), start the sagas (NATS, streams, reply
 * consumers, outbox relay, deadline scanner), the booking event relay and the outcome sweep, then HTTP.
 * {@link #close()} (also on SIGTERM) stops the outcome sweep and the event relay, then HTTP, then the sagas gracefully
 * (orchestrator, consumers finish what they handle, the connection drains), and closes the database pool.
 *
 * <pre>{@code
 * try (BookingApplication booking = BookingApplication.start(Map.of("NATS_URL", url, "HTTP_PORT", "0"))) {
 *   int port = booking.httpPort();
 * }
 * }</pre>
 */
public final class BookingApplication implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(BookingApplication.class);

  private final BookingSettings settings;
  private final SagaService sagas;
  private final ScheduledExecutorService sweeper;
  private final JsonHttpServer http;
  private final Telemetry telemetry;
  private final CustomerBookings customers;

  /** The service's metrics, tracing, saga gauges and health events, closed last. */
  private record Telemetry(ServiceTelemetry service, SagaGauges gauges, HealthEvents events, Optional<Console> console) {
    void close() {
      console.ifPresent(Console::close);
      events.close();
      gauges.close();
      service.close();
    }
  }
  private boolean closed;

  private BookingApplication(BookingSettings settings, SagaService sagas, ScheduledExecutorService sweeper, Telemetry telemetry,
                             JsonHttpServer http, CustomerBookings customers) {
    this.settings = settings;
    this.sagas = sagas;
    this.telemetry = telemetry;
    this.sweeper = sweeper;
    this.http = http;
    this.customers = customers;
  }

  public static void main(String[] args) {
    ServiceLauncher.main("booking", () -> start(Map.of()));
  }

  /**
   * Starts the service with the environment's settings, {@code overrides} winning (see {@link BookingSettings}).
   *
   * @throws ConfigException naming a bad setting
   * @throws IllegalStateException when the database or NATS cannot be reached
   */
  public static BookingApplication start(Map<String, String> overrides) {
    Settings env = BookingSettings.environment(overrides);
    BookingSettings settings = BookingSettings.from(env);
    SagaOrchestratorOptions orchestrator = SagaOrchestratorOptions.from(env, BookingSettings.orchestratorDefaults(env));
    SagaDefinition<BookingState> saga = BookingSaga.definition(settings.paymentTimeout(), settings.paymentAttempts(), Clock.systemUTC());
    ServiceTelemetry telemetry = ServiceTelemetry.start(settings.serviceName(), overrides);
    SchemaModule schemas = SchemaModule.validating(env);
    Injector injector = injector(env, settings, orchestrator, saga, telemetry, schemas);
    JdbcSagaStore store = openDatabase(injector, settings);
    if (store.dataSource() instanceof HikariDataSource pool) {
      telemetry.bindPool(pool);
    }
    SagaService sagas = null;
    ScheduledExecutorService sweeper = null;
    CustomerBookings customers = null;
    try {
      sagas = injector.getInstance(SagaService.class).start();
      sweeper = sweep(injector.getInstance(BookingOutcomes.class), settings);
      Natsaga natsaga = injector.getInstance(Natsaga.class);
      schemas.attach(natsaga);
      SagaStore sagaStore = injector.getInstance(SagaStore.class);
      Health health = natsaga.health().register(SagaHealthChecks.database(sagaStore, Duration.ofSeconds(2)))
          .register(SagaHealthChecks.outbox(sagaStore, env.duration("OUTBOX_MAX_AGE", Duration.ofSeconds(60))));
      if (store.dataSource() instanceof HikariDataSource pool) {
        H2FileLockCheck.forPool(pool).ifPresent(health::register);
        H2Housekeeping.start(pool);
      }
      Telemetry observed = new Telemetry(telemetry,
          SagaGauges.start(sagaStore, telemetry.registry(), natsaga.options().observability().metricsPollInterval()),
          HealthEvents.start(settings.serviceName(), health, natsaga.publisher(), env),
          BookingConsole.startIfConfigured(env, natsaga, injector.getInstance(SagaEngine.class), sagaStore, telemetry.registry()));
      customers = new CustomerBookings(natsaga.connection(), store.dataSource(),
          natsaga.options().environment().name()).start();
      JsonHttpServer routes = new BookingHttp(injector.getInstance(BookingService.class), store.dataSource())
          .routes(telemetry.routes(new JsonHttpServer(settings.httpPort()), health));
      JsonHttpServer http = new CustomerBookingsHttp(customers).routes(routes).start();
      LOG.info("booking service started: {}, HTTP port {}{}", settings, http.port(),
          observed.console().map(c -> ", console at " + c.uri()).orElse(""));
      return new BookingApplication(settings, sagas, sweeper, observed, http, customers);
    } catch (IOException e) {
      closeQuietly(customers);
      stopQuietly(sweeper, sagas, store);
      throw new UncheckedIOException("HTTP_PORT=" + settings.httpPort() + " cannot be bound: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly(customers);
      stopQuietly(sweeper, sagas, store);
      throw e;
    }
  }

  private static Injector injector(Settings env, BookingSettings settings, SagaOrchestratorOptions orchestrator,
                                   SagaDefinition<BookingState> saga, ServiceTelemetry telemetry, SchemaModule schemas) {
    return ServiceLauncher.injector(new NatsagaModule(env), new TelemetryModule(telemetry), schemas,
        new SagaModule(settings.sagaDatabase(), orchestrator),
        new BookingModule(settings, saga, SampleKeyring.load(env)));
  }


  /** Opens the pool and migrates the saga schema (JdbcSagaStore), then the booking tables, in the same database. */
  private static JdbcSagaStore openDatabase(Injector injector, BookingSettings settings) {
    JdbcSagaStore store;
    try {
      store = injector.getInstance(JdbcSagaStore.class);
    } catch (RuntimeException e) {
      throw new IllegalStateException("cannot open the booking database BOOKING_DB_URL=" + settings.dbUrl() + ": " + ServiceLauncher.describe(e), e);
    }
    try {
      BookingStore.migrate(store.dataSource());
      if (store.dataSource() instanceof HikariDataSource pool) {
        H2Shutdown.reopenAfterMigrations(pool);
      }
      return store;
    } catch (RuntimeException e) {
      store.close();
      throw new IllegalStateException("migrating the booking database BOOKING_DB_URL=" + settings.dbUrl() + " failed: " + ServiceLauncher.describe(e), e);
    }
  }

  private static ScheduledExecutorService sweep(BookingOutcomes outcomes, BookingSettings settings) {
    ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "booking-outcome-sweep");
      t.setDaemon(true);
      return t;
    });
    long every = settings.sweepInterval().toMillis();
    executor.scheduleWithFixedDelay(() -> {
      try {
        int settled = outcomes.sweep(settings.sweepInterval());
        if (settled > 0) {
          LOG.info("outcome sweep recorded {} booking outcome(s) a crash had left behind", settled);
        }
      } catch (SQLException | RuntimeException e) {
        LOG.warn("outcome sweep failed, retrying in {} ms: {}", every, e.toString());
      }
    }, every, every, TimeUnit.MILLISECONDS);
    return executor;
  }

  /** The bound HTTP port. */
  public int httpPort() {
    return http.port();
  }

  /** The embedded operations console's address, when {@code CONSOLE_USERS} or {@code CONSOLE_TOKENS} is set. */
  public Optional<java.net.URI> consoleUri() {
    return telemetry.console().map(Console::uri);
  }

  public BookingSettings settings() {
    return settings;
  }

  /** Graceful shutdown: the sweep, HTTP, then the sagas (orchestrator and its outbox relay, consumers, NATS, database). Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    LOG.info("booking service stopping");
    // the sweep first: it is quick, and the saga service's own shutdown hook (which runs concurrently on SIGTERM) may
    // close the pool while HTTP still drains; unpublished events wait in the outbox for the next start
    sweeper.shutdownNow();
    http.close();
    closeQuietly(customers);
    stopQuietly(null, sagas, null);
    // on SIGTERM the saga service's hook may have closed the pool under the projection, leaking its H2 session: an H2
    // database left open at exit loses its last commits (reliability README, partition run)
    H2Shutdown.ifH2(settings.dbUrl(), settings.dbUser(), settings.dbPassword());
    telemetry.close();
    LOG.info("booking service stopped");
  }

  private static void closeQuietly(CustomerBookings customers) {
    if (customers != null) {
      customers.close();
    }
  }

  private static void stopQuietly(ScheduledExecutorService sweeper, SagaService sagas, JdbcSagaStore store) {
    if (sweeper != null) {
      sweeper.shutdownNow();
    }
    try {
      if (sagas != null) {
        sagas.stop();
      } else if (store != null) {
        store.close();
      }
    } catch (RuntimeException e) {
      LOG.warn("stopping the sagas failed: {}", e.toString());
    }
  }
}
