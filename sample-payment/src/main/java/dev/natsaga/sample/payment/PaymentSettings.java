package dev.natsaga.sample.payment;

import dev.natsaga.framework.config.CircuitBreakerOptions;
import dev.natsaga.framework.config.ConfigException;
import dev.natsaga.framework.config.Settings;
import dev.natsaga.sample.support.DatabaseCircuitBreaker;
import dev.natsaga.sample.support.ServiceEnvironment;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The payment service's own settings (NATS settings are the framework's, read by {@code NatsagaOptions}). A bad value
 * fails start-up with a {@link ConfigException} naming the setting.
 *
 * <table>
 * <caption>settings</caption>
 * <tr><th>setting</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code HTTP_PORT}</td><td>8081</td><td>HTTP port ({@code 0}: any free port)</td></tr>
 * <tr><td>{@code PAYMENT_DB_URL}</td><td>{@code jdbc:h2:file:./data/payment} (H2 URLs get {@code DB_CLOSE_ON_EXIT=FALSE} and {@code WRITE_DELAY=0}: every commit written when it returns, unless the URL sets a write delay)</td><td>JDBC URL of the payment database (H2 or PostgreSQL)</td></tr>
 * <tr><td>{@code PAYMENT_DB_USER} / {@code PAYMENT_DB_PASSWORD}</td><td>{@code sa} / empty</td><td>its credentials</td></tr>
 * <tr><td>{@code PAYMENT_DB_POOL_SIZE}</td><td>10</td><td>connections</td></tr>
 * <tr><td>{@code PAYMENT_DECLINE_ABOVE}</td><td>100000</td><td>authorizations above this amount (minor units) are declined</td></tr>
 * <tr><td>{@code PAYMENT_COMMAND_BATCH}</td><td>16</td><td>the most commands of a type answered in one transaction of the payment database (1: one transaction per command)</td></tr>
 * <tr><td>{@code PAYMENT_COMMAND_BATCH_WAIT}</td><td>2ms</td><td>how long the first command of a batch waits for others</td></tr>
 * <tr><td>{@code DB_CIRCUIT_BREAKER}</td><td>{@code true}</td><td>a circuit breaker on the command handlers: while the database fails they stop pulling instead of dead-lettering commands ({@code DatabaseCircuitBreaker})</td></tr>
 * <tr><td>{@code SERVICE_NAME}</td><td>{@code payment-service}</td><td>CloudEvents source, consumer prefix, participant name</td></tr>
 * </table>
 *
 * @param serviceName  the service name
 * @param httpPort     the HTTP port
 * @param dbUrl        the JDBC URL
 * @param dbUser       the database user
 * @param dbPassword   the database password
 * @param dbPoolSize   the pool size
 * @param declineAbove the decline limit
 * @param commandBatch the most commands per transaction (1: not batched)
 * @param commandBatchWait how long a batch's first command waits for others
 * @param dbCircuitBreaker the command handlers' circuit breaker, if on
 */
public record PaymentSettings(String serviceName, int httpPort, String dbUrl, String dbUser, String dbPassword, int dbPoolSize,
                              long declineAbove, int commandBatch, Duration commandBatchWait,
                              Optional<CircuitBreakerOptions> dbCircuitBreaker) {

  public static final String DEFAULT_SERVICE_NAME = "payment-service";
  public static final String DEFAULT_DB_URL = "jdbc:h2:file:./data/payment;LOCK_TIMEOUT=10000;DB_CLOSE_ON_EXIT=FALSE";

  /** Reads the settings, e.g. from {@link #environment(java.util.Map)}. */
  public static PaymentSettings from(Settings s) {
    String url = ServiceEnvironment.durableH2(s.string("PAYMENT_DB_URL", DEFAULT_DB_URL));
    if (!url.startsWith("jdbc:")) {
      throw new ConfigException("PAYMENT_DB_URL", url, "must be a JDBC URL such as jdbc:h2:file:./data/payment or jdbc:postgresql://host:5432/payment");
    }
    return new PaymentSettings(
        s.string("SERVICE_NAME", DEFAULT_SERVICE_NAME),
        s.integer("HTTP_PORT", 8081, 0, 65535),
        url,
        s.string("PAYMENT_DB_USER", "sa"),
        s.get("PAYMENT_DB_PASSWORD").orElse(""),
        s.integer("PAYMENT_DB_POOL_SIZE", 10, 1, 200),
        s.number("PAYMENT_DECLINE_ABOVE", 100_000, 0, Long.MAX_VALUE),
        s.integer("PAYMENT_COMMAND_BATCH", 16, 1, 256),
        batchWait(s.duration("PAYMENT_COMMAND_BATCH_WAIT", Duration.ofMillis(2))),
        DatabaseCircuitBreaker.fromEnvironment(s));
  }

  private static Duration batchWait(Duration wait) {
    if (wait.isNegative() || wait.compareTo(Duration.ofSeconds(10)) > 0) {
      throw new ConfigException("PAYMENT_COMMAND_BATCH_WAIT", wait.toString(), "must be between 0 and 10s");
    }
    return wait;
  }

  /**
   * Environment variables, overridden by system properties of the same name, on top of this service's defaults
   * ({@code SERVICE_NAME=payment-service}); {@code overrides} win over everything (tests).
   */
  public static Settings environment(Map<String, String> overrides) {
    return Settings.of(ServiceEnvironment.values(DEFAULT_SERVICE_NAME, overrides));
  }

  @Override
  public String toString() {
    return "PaymentSettings[serviceName=" + serviceName + ", httpPort=" + httpPort + ", dbUrl=" + dbUrl + ", dbUser=" + dbUser
        + ", dbPoolSize=" + dbPoolSize + ", declineAbove=" + declineAbove + ", commandBatch=" + commandBatch
        + ", commandBatchWait=" + commandBatchWait + ", dbCircuitBreaker=" + dbCircuitBreaker.isPresent() + "]";
  }
}
