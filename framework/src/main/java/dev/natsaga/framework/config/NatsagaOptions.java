package dev.natsaga.framework.config;

import dev.natsaga.framework.Environment;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything the framework needs to run one service, immutable and validated on {@link Builder#build()}.
 *
 * <p>{@link #fromEnvironment()} reads the documented settings (system properties win over environment
 * variables of the same name); a bad value fails start-up with a {@link ConfigException} naming it.
 *
 * <pre>{@code
 * NatsagaOptions options = NatsagaOptions.builder()
 *     .serviceName("payment-service")
 *     .environment("prod")
 *     .connection(ConnectionOptions.of("nats://nats-1:4222,nats://nats-2:4222"))
 *     .build();
 * }</pre>
 */
public final class NatsagaOptions {

  private final String serviceName;
  private final Environment environment;
  private final ConnectionOptions connection;
  private final PublisherOptions publisher;
  private final StreamOptions streams;
  private final StreamOptions deadLetterStream;
  private final ConsumerOptions consumers;
  private final Duration idempotencyTtl;
  private final Duration shutdownTimeout;
  private final boolean provisionStreams;
  private final ObservabilityOptions observability;

  private NatsagaOptions(Builder b) {
    this.serviceName = b.serviceName;
    this.environment = b.environment;
    this.connection = b.connection;
    this.publisher = b.publisher;
    this.streams = b.streams;
    this.deadLetterStream = b.deadLetterStream;
    this.consumers = b.consumers;
    this.idempotencyTtl = b.idempotencyTtl;
    this.shutdownTimeout = b.shutdownTimeout;
    this.provisionStreams = b.provisionStreams;
    this.observability = b.observability;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Reads every setting from system properties and environment variables. */
  public static NatsagaOptions fromEnvironment() {
    return from(Settings.fromEnvironment());
  }

  /** Reads every setting from {@code s}. */
  public static NatsagaOptions from(Settings s) {
    return builder()
        .serviceName(s.string("SERVICE_NAME", "natsaga-service"))
        .environment(envFrom(s))
        .connection(ConnectionOptions.from(s))
        .publisher(PublisherOptions.from(s))
        .streams(StreamOptions.from(s, false))
        .deadLetterStream(StreamOptions.from(s, true))
        .consumers(ConsumerOptions.from(s))
        .idempotencyTtl(s.duration("NATS_IDEMPOTENCY_TTL", Duration.ofHours(24)))
        .shutdownTimeout(s.duration("NATS_SHUTDOWN_TIMEOUT", Duration.ofSeconds(30)))
        .provisionStreams(s.bool("NATS_PROVISION_STREAMS", true))
        .observability(ObservabilityOptions.from(s))
        .build();
  }

  private static String envFrom(Settings s) {
    String env = s.string("APP_ENV", "dev");
    try {
      Environment.of(env);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("APP_ENV", env, "use 1-32 lower case letters, digits or hyphens, e.g. dev, prod");
    }
    return env;
  }

  /** The service name: the CloudEvents {@code source} and the prefix of its durable consumers. */
  public String serviceName() {
    return serviceName;
  }

  public Environment environment() {
    return environment;
  }

  public ConnectionOptions connection() {
    return connection;
  }

  public PublisherOptions publisher() {
    return publisher;
  }

  public StreamOptions streams() {
    return streams;
  }

  public StreamOptions deadLetterStream() {
    return deadLetterStream;
  }

  public ConsumerOptions consumers() {
    return consumers;
  }

  /** How long a handled event id is remembered by idempotent consumers ({@code NATS_IDEMPOTENCY_TTL}, default 24h). */
  public Duration idempotencyTtl() {
    return idempotencyTtl;
  }

  /** How long a graceful shutdown waits for in-flight work ({@code NATS_SHUTDOWN_TIMEOUT}, default 30s). */
  public Duration shutdownTimeout() {
    return shutdownTimeout;
  }

  /** Whether start-up creates the streams it needs ({@code NATS_PROVISION_STREAMS}, default true). */
  public boolean provisionStreams() {
    return provisionStreams;
  }

  /** Metrics polling and health check settings. */
  public ObservabilityOptions observability() {
    return observability;
  }

  /** Builds {@link NatsagaOptions}; defaults are those of {@link #fromEnvironment()} with nothing set. */
  public static final class Builder {
    private String serviceName = "natsaga-service";
    private Environment environment = Environment.of("dev");
    private ConnectionOptions connection = ConnectionOptions.of(ConnectionOptions.DEFAULT_URL);
    private PublisherOptions publisher = PublisherOptions.defaults();
    private StreamOptions streams = StreamOptions.defaults();
    private StreamOptions deadLetterStream = StreamOptions.defaults().withMaxAge(Duration.ofDays(30));
    private ConsumerOptions consumers = ConsumerOptions.defaults();
    private Duration idempotencyTtl = Duration.ofHours(24);
    private Duration shutdownTimeout = Duration.ofSeconds(30);
    private boolean provisionStreams = true;
    private ObservabilityOptions observability = ObservabilityOptions.defaults();

    private Builder() {
    }

    /** The service name ({@code SERVICE_NAME}): letters, digits, '-', '_' and '.'; no spaces (it is a URI-reference). */
    public Builder serviceName(String name) {
      if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")) {
        throw new ConfigException("SERVICE_NAME", String.valueOf(name), "use 1-64 letters, digits, '-', '_' or '.', e.g. booking-service");
      }
      URI.create(name);
      this.serviceName = name;
      return this;
    }

    /** The environment ({@code APP_ENV}). */
    public Builder environment(String env) {
      this.environment = Environment.of(env);
      return this;
    }

    public Builder connection(ConnectionOptions options) {
      this.connection = Objects.requireNonNull(options, "connection");
      return this;
    }

    /** Shorthand for a connection with default settings to {@code url}. */
    public Builder natsUrl(String url) {
      return connection(ConnectionOptions.of(url));
    }

    public Builder publisher(PublisherOptions options) {
      this.publisher = Objects.requireNonNull(options, "publisher");
      return this;
    }

    public Builder streams(StreamOptions options) {
      this.streams = Objects.requireNonNull(options, "streams");
      return this;
    }

    public Builder deadLetterStream(StreamOptions options) {
      this.deadLetterStream = Objects.requireNonNull(options, "deadLetterStream");
      return this;
    }

    public Builder consumers(ConsumerOptions options) {
      this.consumers = Objects.requireNonNull(options, "consumers");
      return this;
    }

    public Builder idempotencyTtl(Duration ttl) {
      if (ttl.toSeconds() < 1) {
        throw new ConfigException("NATS_IDEMPOTENCY_TTL", ttl.toString(), "must be at least 1s");
      }
      this.idempotencyTtl = ttl;
      return this;
    }

    public Builder shutdownTimeout(Duration timeout) {
      this.shutdownTimeout = Objects.requireNonNull(timeout, "shutdownTimeout");
      return this;
    }

    public Builder provisionStreams(boolean provision) {
      this.provisionStreams = provision;
      return this;
    }

    public Builder observability(ObservabilityOptions options) {
      this.observability = Objects.requireNonNull(options, "observability");
      return this;
    }

    public NatsagaOptions build() {
      return new NatsagaOptions(this);
    }
  }
}
