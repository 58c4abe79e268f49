package dev.natsaga.spring;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code natsaga.*} properties. Each one is a framework setting under a Spring name ({@link PropertySettings} is
 * the table, and the framework's option classes validate and hold the defaults): leave a property out for the
 * framework's default. A bad value fails start-up with an {@link InvalidNatsagaPropertyException} naming the property
 * and what it allows.
 *
 * <pre>{@code
 * natsaga.service-name=orders-service        # default: spring.application.name, else natsaga-service
 * natsaga.env=prod
 * natsaga.nats.url=nats://nats-1:4222,nats://nats-2:4222
 * natsaga.consumer.concurrency=8
 * natsaga.saga.deadline-interval=250ms
 * }</pre>
 *
 * @param serviceName the service name: CloudEvents {@code source}, prefix of the durable consumers ({@code SERVICE_NAME})
 * @param env the environment, the first token of every subject ({@code APP_ENV}, default {@code dev})
 * @param domains domains whose streams start-up provisions besides those of the handled types (e.g. ones published to)
 * @param idempotencyTtl how long idempotent consumers remember a handled event id ({@code NATS_IDEMPOTENCY_TTL}, 24h)
 * @param shutdownTimeout how long a graceful stop waits for work in flight ({@code NATS_SHUTDOWN_TIMEOUT}, 30s)
 * @param nats the connection
 * @param publisher publishing
 * @param streams the streams start-up provisions
 * @param consumer the consumers' defaults
 * @param observability metrics polling and health checks
 * @param saga the orchestrator and the participant
 */
@ConfigurationProperties("natsaga")
public record NatsagaProperties(String serviceName, String env, List<String> domains, Duration idempotencyTtl,
    Duration shutdownTimeout, @DefaultValue Nats nats, @DefaultValue Publisher publisher, @DefaultValue Streams streams,
    @DefaultValue Consumer consumer, @DefaultValue Observability observability, @DefaultValue Saga saga) {

  public NatsagaProperties {
    domains = domains == null ? List.of() : List.copyOf(domains);
  }

  /**
   * The connection ({@code NATS_*} settings of the framework).
   *
   * @param url one or more server URLs, comma-separated ({@code NATS_URL}, default {@code nats://127.0.0.1:4222})
   * @param user user name ({@code NATS_USER})
   * @param password password ({@code NATS_PASSWORD})
   * @param token token ({@code NATS_TOKEN})
   * @param nkeyFile NKey seed file ({@code NATS_NKEY_FILE})
   * @param credsFile credentials file ({@code NATS_CREDS_FILE})
   * @param tls TLS with the JVM's trust store ({@code NATS_TLS})
   * @param tlsTruststore trust store file ({@code NATS_TLS_TRUSTSTORE})
   * @param tlsTruststorePassword its password ({@code NATS_TLS_TRUSTSTORE_PASSWORD})
   * @param tlsKeystore key store file for mutual TLS ({@code NATS_TLS_KEYSTORE})
   * @param tlsKeystorePassword its password ({@code NATS_TLS_KEYSTORE_PASSWORD})
   * @param maxReconnects reconnect attempts, -1 forever ({@code NATS_MAX_RECONNECTS}, default -1)
   * @param reconnectWait wait between reconnects ({@code NATS_RECONNECT_WAIT}, 1s)
   * @param connectTimeout connect timeout ({@code NATS_CONNECT_TIMEOUT}, 5s)
   * @param pingInterval ping interval ({@code NATS_PING_INTERVAL})
   */
  public record Nats(String url, String user, String password, String token, String nkeyFile, String credsFile,
      Boolean tls, String tlsTruststore, String tlsTruststorePassword, String tlsKeystore, String tlsKeystorePassword,
      Integer maxReconnects, Duration reconnectWait, Duration connectTimeout, Duration pingInterval) {
  }

  /**
   * Publishing ({@code NATS_PUBLISH_*}, {@code NATS_CONTENT_MODE}).
   *
   * @param contentMode {@code structured} or {@code binary} ({@code NATS_CONTENT_MODE})
   * @param maxInFlight asynchronous publishes in flight ({@code NATS_PUBLISH_MAX_IN_FLIGHT})
   * @param attempts attempts of a publish ({@code NATS_PUBLISH_ATTEMPTS})
   * @param retryInitial first retry delay ({@code NATS_PUBLISH_RETRY_INITIAL})
   * @param retryMax longest retry delay ({@code NATS_PUBLISH_RETRY_MAX})
   * @param timeout how long a publish waits for its acknowledgement ({@code NATS_PUBLISH_TIMEOUT})
   */
  public record Publisher(String contentMode, Integer maxInFlight, Integer attempts, Duration retryInitial,
      Duration retryMax, Duration timeout) {
  }

  /**
   * The streams start-up provisions ({@code NATS_STREAM_*}).
   *
   * @param provision whether start-up creates the streams it needs ({@code NATS_PROVISION_STREAMS}, true)
   * @param storage {@code file} or {@code memory} ({@code NATS_STREAM_STORAGE})
   * @param replicas replicas, 1-5 ({@code NATS_STREAM_REPLICAS})
   * @param maxAge how long a domain stream keeps messages ({@code NATS_STREAM_MAX_AGE}, 7d)
   * @param maxBytes size limit, -1 none ({@code NATS_STREAM_MAX_BYTES})
   * @param duplicateWindow de-duplication window ({@code NATS_STREAM_DUPLICATE_WINDOW}, 2m)
   * @param dlqMaxAge how long the dead-letter stream keeps messages ({@code NATS_DLQ_MAX_AGE}, 30d)
   */
  public record Streams(Boolean provision, String storage, Integer replicas, Duration maxAge, Long maxBytes,
      Duration duplicateWindow, Duration dlqMaxAge) {
  }

  /**
   * The consumers' defaults ({@code NATS_CONSUMER_*}); a handler adjusts its own with
   * {@code HandlerRegistration.Builder.options(...)}.
   *
   * @param maxDeliver deliveries before a message is dead-lettered ({@code NATS_CONSUMER_MAX_DELIVER})
   * @param ackWait redelivery after this long without an acknowledgement ({@code NATS_CONSUMER_ACK_WAIT})
   * @param maxAckPending unacknowledged messages per consumer ({@code NATS_CONSUMER_MAX_ACK_PENDING})
   * @param concurrency handler threads per consumer ({@code NATS_CONSUMER_CONCURRENCY})
   * @param backoffInitial first redelivery delay after a failure ({@code NATS_CONSUMER_BACKOFF_INITIAL})
   * @param backoffMax longest redelivery delay ({@code NATS_CONSUMER_BACKOFF_MAX})
   * @param stallAfter a consumer with work pending and no progress for this long is DOWN ({@code NATS_CONSUMER_STALL_AFTER})
   * @param handlersStuckAfter a consumer whose handler threads have all been busy this long with none finishing is
   *     DOWN ({@code NATS_HANDLERS_STUCK_AFTER}, 5m)
   */
  public record Consumer(Integer maxDeliver, Duration ackWait, Integer maxAckPending, Integer concurrency,
      Duration backoffInitial, Duration backoffMax, Duration stallAfter, Duration handlersStuckAfter) {
  }

  /**
   * Metrics polling and health checks.
   *
   * @param metricsPollInterval how often the JetStream gauges are read ({@code NATS_METRICS_POLL_INTERVAL}, 10s)
   * @param healthTimeout how long a health check waits for NATS ({@code NATS_HEALTH_TIMEOUT}, 2s)
   */
  public record Observability(Duration metricsPollInterval, Duration healthTimeout) {
  }

  /**
   * The saga orchestrator ({@code SAGA_*} settings) and participant.
   *
   * @param deadlineInterval how often each instance scans for due deadlines ({@code SAGA_DEADLINE_INTERVAL}, 500ms)
   * @param relayBatchSize outbox rows per relay transaction ({@code SAGA_RELAY_BATCH_SIZE}, 100)
   * @param relayPollInterval relay polling fallback ({@code SAGA_RELAY_POLL_INTERVAL}, 1s)
   * @param publishTimeout how long a relay batch waits for acknowledgements ({@code SAGA_PUBLISH_TIMEOUT}, 30s)
   * @param replyMaxDeliver deliveries of a failing reply before it is dead-lettered ({@code SAGA_REPLY_MAX_DELIVER}, 20)
   * @param replyBatch replies applied in one saga-store transaction ({@code SAGA_REPLY_BATCH}, 1: one per transaction)
   * @param replyBatchWait how long the first reply of a batch waits for others ({@code SAGA_REPLY_BATCH_WAIT}, 2ms)
   * @param outboxMaxAge the {@code outbox} health component is DOWN when a command waits longer (default 60s)
   * @param orchestrator the orchestrator's switch
   * @param participant the participant's switch and name
   */
  public record Saga(Duration deadlineInterval, Integer relayBatchSize, Duration relayPollInterval,
      Duration publishTimeout, Integer replyMaxDeliver, Integer replyBatch, Duration replyBatchWait,
      @DefaultValue("60s") Duration outboxMaxAge,
      @DefaultValue Orchestrator orchestrator, @DefaultValue Participant participant) {
  }

  /**
   * The orchestrator runs when saga-nats is on the classpath and the context has a {@code DataSource} and at least
   * one {@code SagaDefinition} bean.
   *
   * @param enabled false to leave it out
   */
  public record Orchestrator(@DefaultValue("true") boolean enabled) {
  }

  /**
   * The participant ({@code SagaParticipant}) is a bean when saga-participant is on the classpath and the context has a
   * {@code DataSource}.
   *
   * @param enabled false to leave it out
   * @param name the key of its rows in {@code saga_participant_command} (default: the service name)
   */
  public record Participant(@DefaultValue("true") boolean enabled, String name) {
  }
}
