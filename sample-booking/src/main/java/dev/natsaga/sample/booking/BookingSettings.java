package dev.natsaga.sample.booking;

import dev.natsaga.framework.config.ConfigException;
import dev.natsaga.framework.config.Settings;
import dev.natsaga.sample.support.DatabaseCircuitBreaker;
import dev.natsaga.sample.support.ServiceEnvironment;
import dev.natsaga.saga.jdbc.SagaDatabaseOptions;
import dev.natsaga.saga.nats.SagaOrchestratorOptions;
import java.time.Duration;
import java.util.Map;

/**
 * The booking service's own settings (NATS settings are the framework's, {@code SAGA_*} orchestrator settings the
 * saga engine's). A bad value fails start-up with a {@link ConfigException} naming the setting.
 *
 * <table>
 * <caption>settings</caption>
 * <tr><th>setting</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code HTTP_PORT}</td><td>8080</td><td>HTTP port ({@code 0}: any free port)</td></tr>
 * <tr><td>{@code BOOKING_DB_URL}</td><td>{@code jdbc:h2:file:./data/booking} (H2 URLs get {@code DB_CLOSE_ON_EXIT=FALSE} and {@code WRITE_DELAY=0}: every commit written when it returns, unless the URL sets a write delay)</td><td>JDBC URL of the booking database,
 *     which also holds the saga store (H2 or PostgreSQL)</td></tr>
 * <tr><td>{@code BOOKING_DB_USER} / {@code BOOKING_DB_PASSWORD}</td><td>{@code sa} / empty</td><td>its credentials</td></tr>
 * <tr><td>{@code BOOKING_DB_POOL_SIZE}</td><td>20</td><td>connections</td></tr>
 * <tr><td>{@code BOOKING_PAYMENT_TIMEOUT}</td><td>{@code 10s}</td><td>how long a payment step waits for a reply per attempt</td></tr>
 * <tr><td>{@code BOOKING_PAYMENT_ATTEMPTS}</td><td>3</td><td>attempts of a payment step before it fails (1 s, 2 s apart)</td></tr>
 * <tr><td>{@code BOOKING_SWEEP_INTERVAL}</td><td>{@code 5s}</td><td>how often bookings a crash left without an outcome are repaired</td></tr>
 * <tr><td>{@code DB_CIRCUIT_BREAKER}</td><td>{@code true}</td><td>a circuit breaker on the saga reply handlers: while the database fails they stop pulling instead of dead-lettering replies ({@code DatabaseCircuitBreaker})</td></tr>
 * <tr><td>{@code SERVICE_NAME}</td><td>{@code booking-service}</td><td>CloudEvents source and consumer prefix</td></tr>
 * </table>
 *
 * @param serviceName     the service name
 * @param httpPort        the HTTP port
 * @param dbUrl           the JDBC URL
 * @param dbUser          the database user
 * @param dbPassword      the database password
 * @param dbPoolSize      the pool size
 * @param paymentTimeout  reply timeout of a payment step
 * @param paymentAttempts attempts of a payment step
 * @param sweepInterval   repair interval
 */
public record BookingSettings(String serviceName, int httpPort, String dbUrl, String dbUser, String dbPassword, int dbPoolSize,
                              Duration paymentTimeout, int paymentAttempts, Duration sweepInterval) {

  public static final String DEFAULT_SERVICE_NAME = "booking-service";
  public static final String DEFAULT_DB_URL = "jdbc:h2:file:./data/booking;LOCK_TIMEOUT=10000;DB_CLOSE_ON_EXIT=FALSE";

  public static BookingSettings from(Settings s) {
    String url = ServiceEnvironment.durableH2(s.string("BOOKING_DB_URL", DEFAULT_DB_URL));
    if (!url.startsWith("jdbc:")) {
      throw new ConfigException("BOOKING_DB_URL", url, "must be a JDBC URL such as jdbc:h2:file:./data/booking or jdbc:postgresql://host:5432/booking");
    }
    Duration timeout = s.duration("BOOKING_PAYMENT_TIMEOUT", Duration.ofSeconds(10));
    if (timeout.toMillis() < 100) {
      throw new ConfigException("BOOKING_PAYMENT_TIMEOUT", timeout.toString(), "must be at least 100ms");
    }
    Duration sweep = s.duration("BOOKING_SWEEP_INTERVAL", Duration.ofSeconds(5));
    if (sweep.toMillis() < 100) {
      throw new ConfigException("BOOKING_SWEEP_INTERVAL", sweep.toString(), "must be at least 100ms");
    }
    return new BookingSettings(
        s.string("SERVICE_NAME", DEFAULT_SERVICE_NAME),
        s.integer("HTTP_PORT", 8080, 0, 65535),
        url,
        s.string("BOOKING_DB_USER", "sa"),
        s.get("BOOKING_DB_PASSWORD").orElse(""),
        s.integer("BOOKING_DB_POOL_SIZE", 20, 2, 500),
        timeout,
        s.integer("BOOKING_PAYMENT_ATTEMPTS", 3, 1, 20),
        sweep);
  }

  /** The saga store's database: the booking database, so local steps and saga state commit together. */
  SagaDatabaseOptions sagaDatabase() {
    return SagaDatabaseOptions.builder().url(dbUrl).user(dbUser).password(dbPassword).poolSize(dbPoolSize).poolName("booking-db")
        .build();
  }

  /**
   * Environment variables, overridden by system properties of the same name, on top of this service's defaults
   * ({@code SERVICE_NAME=booking-service}); {@code overrides} win over everything (tests).
   */
  public static Settings environment(Map<String, String> overrides) {
    return Settings.of(ServiceEnvironment.values(DEFAULT_SERVICE_NAME, overrides));
  }

  /**
   * The booking service's defaults for the {@code SAGA_*} orchestrator settings: replies applied in batches of up to 16
   * per transaction of the saga database ({@code SAGA_REPLY_BATCH=1} turns that off), the first waiting at most 2 ms;
   * the reply handlers' circuit breaker unless {@code DB_CIRCUIT_BREAKER=false} ({@code DatabaseCircuitBreaker}).
   */
  public static SagaOrchestratorOptions.Builder orchestratorDefaults(Settings s) {
    return SagaOrchestratorOptions.builder().replyBatch(16, Duration.ofMillis(2))
        .replyCircuitBreaker(DatabaseCircuitBreaker.fromEnvironment(s).orElse(null));
  }

  @Override
  public String toString() {
    return "BookingSettings[serviceName=" + serviceName + ", httpPort=" + httpPort + ", dbUrl=" + dbUrl + ", dbUser=" + dbUser
        + ", dbPoolSize=" + dbPoolSize + ", paymentTimeout=" + paymentTimeout + ", paymentAttempts=" + paymentAttempts
        + ", sweepInterval=" + sweepInterval + "]";
  }
}
