package dev.natsaga.sample.payment;

import com.google.inject.Injector;
import com.zaxxer.hikari.HikariDataSource;
import dev.natsaga.framework.config.Settings;
import dev.natsaga.framework.guice.NatsagaModule;
import dev.natsaga.framework.guice.NatsagaService;
import dev.natsaga.framework.health.Health;
import dev.natsaga.outbox.H2FileLockCheck;
import dev.natsaga.outbox.H2Housekeeping;
import dev.natsaga.saga.participant.SagaParticipant;
import dev.natsaga.sample.support.DatabaseHealthCheck;
import dev.natsaga.sample.support.H2Shutdown;
import dev.natsaga.sample.support.HealthEvents;
import dev.natsaga.sample.support.JsonHttpServer;
import dev.natsaga.sample.support.SampleKeyring;
import dev.natsaga.sample.support.ServiceTelemetry;
import dev.natsaga.sample.support.guice.SchemaModule;
import dev.natsaga.sample.support.guice.ServiceLauncher;
import dev.natsaga.sample.support.guice.TelemetryModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The payment service: {@code java -jar natsaga-sample-payment.jar}. Start-up: read the settings (a bad one stops
 * here, named), open and migrate the payment database, start natsaga (connection, streams, the four command
 * consumers), then HTTP. {@link #close()} (also on SIGTERM) stops HTTP first, then natsaga gracefully (handlers in
 * flight finish, the connection drains), then closes the database pool.
 *
 * <pre>{@code
 * try (PaymentApplication payment = PaymentApplication.start(Map.of("NATS_URL", url, "HTTP_PORT", "0"))) {
 *   int port = payment.httpPort();
 * }
 * }</pre>
 */
public final class PaymentApplication implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PaymentApplication.class);

  private final PaymentSettings settings;
  private final HikariDataSource pool;
  private final NatsagaService natsaga;
  private final JsonHttpServer http;
  private final ServiceTelemetry telemetry;
  private final HealthEvents healthEvents;
  private boolean closed;

  private PaymentApplication(PaymentSettings settings, HikariDataSource pool, NatsagaService natsaga, JsonHttpServer http,
      ServiceTelemetry telemetry, HealthEvents healthEvents) {
    this.telemetry = telemetry;
    this.healthEvents = healthEvents;
    this.settings = settings;
    this.pool = pool;
    this.natsaga = natsaga;
    this.http = http;
  }

  public static void main(String[] args) {
    ServiceLauncher.main("payment", () -> start(Map.of()));
  }

  /**
   * Starts the service with the environment's settings, {@code overrides} winning (see {@link PaymentSettings}).
   *
   * @throws dev.natsaga.framework.config.ConfigException naming a bad setting
   * @throws IllegalStateException when the database or NATS cannot be reached
   */
  public static PaymentApplication start(Map<String, String> overrides) {
    Settings env = PaymentSettings.environment(overrides);
    PaymentSettings settings = PaymentSettings.from(env);
    ServiceTelemetry telemetry = ServiceTelemetry.start(settings.serviceName(), overrides);
    SchemaModule schemas = SchemaModule.publishOnly(env);
    // the schema stage before the payment module's decryption: a command is decrypted first, then validated in clear
    Injector injector = ServiceLauncher.injector(new NatsagaModule(env), new TelemetryModule(telemetry), schemas,
        new PaymentModule(settings, SampleKeyring.load(env)));
    HikariDataSource pool = openDatabase(injector, settings);
    NatsagaService natsaga = null;
    try {
      injector.getInstance(SagaParticipant.class).migrate();
      H2Shutdown.reopenAfterMigrations(pool);
      natsaga = injector.getInstance(NatsagaService.class).start();
      NatsagaService running = natsaga;
      schemas.attach(running.natsaga());
      telemetry.bindPool(pool);
      Health health = running.natsaga().health().register(DatabaseHealthCheck.of(pool, 2));
      H2FileLockCheck.forPool(pool).ifPresent(health::register);
      H2Housekeeping.start(pool);
      JsonHttpServer http = new PaymentHttp(pool)
          .routes(telemetry.routes(new JsonHttpServer(settings.httpPort()), health)).start();
      HealthEvents events = HealthEvents.start(settings.serviceName(), health, running.natsaga().publisher(), env);
      LOG.info("payment service started: {}, HTTP port {}", settings, http.port());
      return new PaymentApplication(settings, pool, natsaga, http, telemetry, events);
    } catch (IOException e) {
      stopQuietly(natsaga, pool);
      throw new UncheckedIOException("HTTP_PORT=" + settings.httpPort() + " cannot be bound: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      stopQuietly(natsaga, pool);
      throw e;
    }
  }

  private static HikariDataSource openDatabase(Injector injector, PaymentSettings settings) {
    HikariDataSource pool;
    try {
      pool = injector.getInstance(HikariDataSource.class);
    } catch (RuntimeException e) {
      throw new IllegalStateException("cannot open the payment database PAYMENT_DB_URL=" + settings.dbUrl() + ": " + ServiceLauncher.describe(e), e);
    }
    try {
      PaymentStore.migrate(pool);
      return pool;
    } catch (RuntimeException e) {
      pool.close();
      throw new IllegalStateException("migrating the payment database PAYMENT_DB_URL=" + settings.dbUrl() + " failed: " + ServiceLauncher.describe(e), e);
    }
  }

  /** The bound HTTP port. */
  public int httpPort() {
    return http.port();
  }

  public PaymentSettings settings() {
    return settings;
  }

  /** Graceful shutdown: HTTP, then natsaga (handlers finish, connection drains), then the database pool. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    LOG.info("payment service stopping");
    http.close();
    healthEvents.close();
    stopQuietly(natsaga, pool);
    // an H2 session leaked at stop would keep the database open until the JVM exits and lose its last writes
    H2Shutdown.ifH2(settings.dbUrl(), settings.dbUser(), settings.dbPassword());
    telemetry.close();
    LOG.info("payment service stopped");
  }

  private static void stopQuietly(NatsagaService natsaga, HikariDataSource pool) {
    try {
      if (natsaga != null) {
        natsaga.stop();
      }
    } catch (RuntimeException e) {
      LOG.warn("stopping natsaga failed: {}", e.toString());
    }
    pool.close();
  }
}
