package dev.natsaga.spring;

import dev.natsaga.framework.config.ConfigException;
import dev.natsaga.framework.config.NatsagaOptions;
import dev.natsaga.framework.config.Settings;
import dev.natsaga.saga.nats.SagaOrchestratorOptions;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.core.env.Environment;

/**
 * The one table from each {@code natsaga.*} property to the framework setting it sets. The framework's option classes
 * ({@link NatsagaOptions#from(Settings)}, {@link SagaOrchestratorOptions#from(Settings)}) read the settings, so the
 * defaults and the validation are the ones the plain-Java and Guice wirings use; a {@link ConfigException} they throw
 * is translated here into an {@link InvalidNatsagaPropertyException} naming the property.
 */
final class PropertySettings {

  private record Entry(String property, String setting, Function<NatsagaProperties, Object> value) {
  }

  private static final List<Entry> TABLE = List.of(
      new Entry("natsaga.env", "APP_ENV", NatsagaProperties::env),
      new Entry("natsaga.idempotency-ttl", "NATS_IDEMPOTENCY_TTL", NatsagaProperties::idempotencyTtl),
      new Entry("natsaga.shutdown-timeout", "NATS_SHUTDOWN_TIMEOUT", NatsagaProperties::shutdownTimeout),
      new Entry("natsaga.nats.url", "NATS_URL", p -> p.nats().url()),
      new Entry("natsaga.nats.user", "NATS_USER", p -> p.nats().user()),
      new Entry("natsaga.nats.password", "NATS_PASSWORD", p -> p.nats().password()),
      new Entry("natsaga.nats.token", "NATS_TOKEN", p -> p.nats().token()),
      new Entry("natsaga.nats.nkey-file", "NATS_NKEY_FILE", p -> p.nats().nkeyFile()),
      new Entry("natsaga.nats.creds-file", "NATS_CREDS_FILE", p -> p.nats().credsFile()),
      new Entry("natsaga.nats.tls", "NATS_TLS", p -> p.nats().tls()),
      new Entry("natsaga.nats.tls-truststore", "NATS_TLS_TRUSTSTORE", p -> p.nats().tlsTruststore()),
      new Entry("natsaga.nats.tls-truststore-password", "NATS_TLS_TRUSTSTORE_PASSWORD", p -> p.nats().tlsTruststorePassword()),
      new Entry("natsaga.nats.tls-keystore", "NATS_TLS_KEYSTORE", p -> p.nats().tlsKeystore()),
      new Entry("natsaga.nats.tls-keystore-password", "NATS_TLS_KEYSTORE_PASSWORD", p -> p.nats().tlsKeystorePassword()),
      new Entry("natsaga.nats.max-reconnects", "NATS_MAX_RECONNECTS", p -> p.nats().maxReconnects()),
      new Entry("natsaga.nats.reconnect-wait", "NATS_RECONNECT_WAIT", p -> p.nats().reconnectWait()),
      new Entry("natsaga.nats.connect-timeout", "NATS_CONNECT_TIMEOUT", p -> p.nats().connectTimeout()),
      new Entry("natsaga.nats.ping-interval", "NATS_PING_INTERVAL", p -> p.nats().pingInterval()),
      new Entry("natsaga.publisher.content-mode", "NATS_CONTENT_MODE", p -> p.publisher().contentMode()),
      new Entry("natsaga.publisher.max-in-flight", "NATS_PUBLISH_MAX_IN_FLIGHT", p -> p.publisher().maxInFlight()),
      new Entry("natsaga.publisher.attempts", "NATS_PUBLISH_ATTEMPTS", p -> p.publisher().attempts()),
      new Entry("natsaga.publisher.retry-initial", "NATS_PUBLISH_RETRY_INITIAL", p -> p.publisher().retryInitial()),
      new Entry("natsaga.publisher.retry-max", "NATS_PUBLISH_RETRY_MAX", p -> p.publisher().retryMax()),
      new Entry("natsaga.publisher.timeout", "NATS_PUBLISH_TIMEOUT", p -> p.publisher().timeout()),
      new Entry("natsaga.streams.provision", "NATS_PROVISION_STREAMS", p -> p.streams().provision()),
      new Entry("natsaga.streams.storage", "NATS_STREAM_STORAGE", p -> p.streams().storage()),
      new Entry("natsaga.streams.replicas", "NATS_STREAM_REPLICAS", p -> p.streams().replicas()),
      new Entry("natsaga.streams.max-age", "NATS_STREAM_MAX_AGE", p -> p.streams().maxAge()),
      new Entry("natsaga.streams.max-bytes", "NATS_STREAM_MAX_BYTES", p -> p.streams().maxBytes()),
      new Entry("natsaga.streams.duplicate-window", "NATS_STREAM_DUPLICATE_WINDOW", p -> p.streams().duplicateWindow()),
      new Entry("natsaga.streams.dlq-max-age", "NATS_DLQ_MAX_AGE", p -> p.streams().dlqMaxAge()),
      new Entry("natsaga.consumer.max-deliver", "NATS_CONSUMER_MAX_DELIVER", p -> p.consumer().maxDeliver()),
      new Entry("natsaga.consumer.ack-wait", "NATS_CONSUMER_ACK_WAIT", p -> p.consumer().ackWait()),
      new Entry("natsaga.consumer.max-ack-pending", "NATS_CONSUMER_MAX_ACK_PENDING", p -> p.consumer().maxAckPending()),
      new Entry("natsaga.consumer.concurrency", "NATS_CONSUMER_CONCURRENCY", p -> p.consumer().concurrency()),
      new Entry("natsaga.consumer.backoff-initial", "NATS_CONSUMER_BACKOFF_INITIAL", p -> p.consumer().backoffInitial()),
      new Entry("natsaga.consumer.backoff-max", "NATS_CONSUMER_BACKOFF_MAX", p -> p.consumer().backoffMax()),
      new Entry("natsaga.consumer.stall-after", "NATS_CONSUMER_STALL_AFTER", p -> p.consumer().stallAfter()),
      new Entry("natsaga.consumer.handlers-stuck-after", "NATS_HANDLERS_STUCK_AFTER", p -> p.consumer().handlersStuckAfter()),
      new Entry("natsaga.observability.metrics-poll-interval", "NATS_METRICS_POLL_INTERVAL", p -> p.observability().metricsPollInterval()),
      new Entry("natsaga.observability.health-timeout", "NATS_HEALTH_TIMEOUT", p -> p.observability().healthTimeout()),
      new Entry("natsaga.saga.deadline-interval", "SAGA_DEADLINE_INTERVAL", p -> p.saga().deadlineInterval()),
      new Entry("natsaga.saga.relay-batch-size", "SAGA_RELAY_BATCH_SIZE", p -> p.saga().relayBatchSize()),
      new Entry("natsaga.saga.relay-poll-interval", "SAGA_RELAY_POLL_INTERVAL", p -> p.saga().relayPollInterval()),
      new Entry("natsaga.saga.publish-timeout", "SAGA_PUBLISH_TIMEOUT", p -> p.saga().publishTimeout()),
      new Entry("natsaga.saga.reply-max-deliver", "SAGA_REPLY_MAX_DELIVER", p -> p.saga().replyMaxDeliver()),
      new Entry("natsaga.saga.reply-batch", "SAGA_REPLY_BATCH", p -> p.saga().replyBatch()),
      new Entry("natsaga.saga.reply-batch-wait", "SAGA_REPLY_BATCH_WAIT", p -> p.saga().replyBatchWait()));

  static final String SERVICE_NAME = "natsaga.service-name";
  private static final String APPLICATION_NAME = "spring.application.name";

  private final Settings settings;
  private final Environment environment;
  private final boolean nameFromApplication;

  /**
   * @param properties the bound properties
   * @param environment the source of {@code spring.application.name} (the service name when {@code natsaga.service-name}
   *     is unset) and of the values as written, for error messages
   */
  PropertySettings(NatsagaProperties properties, Environment environment) {
    this.environment = environment;
    String applicationName = environment.getProperty(APPLICATION_NAME);
    this.nameFromApplication = properties.serviceName() == null && applicationName != null;
    Map<String, String> values = new HashMap<>();
    for (Entry e : TABLE) {
      Object v = e.value().apply(properties);
      if (v != null) {
        values.put(e.setting(), v instanceof Duration d ? d.toString() : String.valueOf(v));
      }
    }
    Optional.ofNullable(properties.serviceName()).or(() -> Optional.ofNullable(applicationName))
        .ifPresent(name -> values.put("SERVICE_NAME", name));
    this.settings = Settings.of(values);
  }

  /** The framework settings the properties set ({@code SERVICE_NAME} included). */
  static java.util.Set<String> settingNames() {
    return names().keySet();
  }

  /** The runtime's options. */
  NatsagaOptions natsagaOptions() {
    return translated(() -> NatsagaOptions.from(settings));
  }

  /** The orchestrator's options. */
  SagaOrchestratorOptions orchestratorOptions() {
    return translated(() -> SagaOrchestratorOptions.from(settings));
  }

  /** Runs {@code read}, turning a framework {@link ConfigException} into one naming the property. */
  private <T> T translated(Supplier<T> read) {
    try {
      return read.get();
    } catch (ConfigException e) {
      throw translate(e);
    }
  }

  /** The framework's error in the property's name, with the value as the application wrote it. */
  private InvalidNatsagaPropertyException translate(ConfigException e) {
    String property = propertyOf(e.setting());
    String allowed = e.allowed();
    for (Map.Entry<String, String> name : names().entrySet()) {
      allowed = allowed.replace(name.getKey(), name.getValue());
    }
    if (nameFromApplication && SERVICE_NAME.equals(property)) {
      property = APPLICATION_NAME;
      allowed += " (natsaga takes it as the service name: change it, or set natsaga.service-name to a name that is allowed)";
    }
    String written = environment.getProperty(property);
    return new InvalidNatsagaPropertyException(property, written != null ? written : e.value(), allowed, e);
  }

  private static String propertyOf(String setting) {
    return names().getOrDefault(setting, setting);
  }

  /** Setting name to property name, longest setting first (so a name's prefix is never replaced inside it). */
  private static Map<String, String> names() {
    Map<String, String> names = new LinkedHashMap<>();
    TABLE.stream().sorted((a, b) -> b.setting().length() - a.setting().length())
        .forEach(e -> names.put(e.setting(), e.property()));
    names.put("SERVICE_NAME", SERVICE_NAME);
    return names;
  }
}
