package dev.natsaga.eventstore;

import dev.natsaga.framework.ContentMode;
import dev.natsaga.framework.Environment;
import io.nats.client.api.StorageType;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of an {@link EventStore}; immutable, built and validated by {@link #builder()}.
 *
 * <pre>{@code
 * EventStoreOptions options = EventStoreOptions.builder()
 *     .environment("prod").serviceName("bank-service")
 *     .replicas(3)
 *     .build();
 * }</pre>
 */
public final class EventStoreOptions {

  /** How several events of one append are made all-or-nothing. */
  public enum BatchMode {
    /** The server's atomic batch publish where the server (2.12+) has it, else the chained fallback. */
    AUTO,
    /** Always the chained fallback (events published one by one, rolled back on failure). */
    CHAINED
  }

  private final Environment environment;
  private final String serviceName;
  private final ContentMode contentMode;
  private final BatchMode batchMode;
  private final int replicas;
  private final StorageType storage;
  private final Duration timeout;
  private final int attempts;

  private EventStoreOptions(Builder b) {
    this.environment = b.environment;
    this.serviceName = b.serviceName;
    this.contentMode = b.contentMode;
    this.batchMode = b.batchMode;
    this.replicas = b.replicas;
    this.storage = b.storage;
    this.timeout = b.timeout;
    this.attempts = b.attempts;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Environment environment() {
    return environment;
  }

  /** The CloudEvents {@code source} of appended events. */
  public String serviceName() {
    return serviceName;
  }

  public ContentMode contentMode() {
    return contentMode;
  }

  public BatchMode batchMode() {
    return batchMode;
  }

  /** Replicas of a stream the store creates. */
  public int replicas() {
    return replicas;
  }

  public StorageType storage() {
    return storage;
  }

  /** How long one publish or read waits for the server. */
  public Duration timeout() {
    return timeout;
  }

  /** Attempts per publish when the server does not answer (timeouts, no leader). */
  public int attempts() {
    return attempts;
  }

  /** Builds {@link EventStoreOptions}. */
  public static final class Builder {
    private Environment environment = Environment.of("dev");
    private String serviceName;
    private ContentMode contentMode = ContentMode.STRUCTURED;
    private BatchMode batchMode = BatchMode.AUTO;
    private int replicas = 1;
    private StorageType storage = StorageType.File;
    private Duration timeout = Duration.ofSeconds(5);
    private int attempts = 5;

    private Builder() {
    }

    /** The environment ({@code APP_ENV}); default {@code dev}. */
    public Builder environment(String name) {
      this.environment = Environment.of(name);
      return this;
    }

    /** The service appending events, the CloudEvents {@code source}; required. */
    public Builder serviceName(String name) {
      this.serviceName = name;
      return this;
    }

    /** Structured (default) or binary CloudEvents. */
    public Builder contentMode(ContentMode mode) {
      this.contentMode = Objects.requireNonNull(mode, "contentMode");
      return this;
    }

    /** {@link BatchMode#AUTO} (default) or {@link BatchMode#CHAINED}. */
    public Builder batchMode(BatchMode mode) {
      this.batchMode = Objects.requireNonNull(mode, "batchMode");
      return this;
    }

    /** Replicas of the streams the store creates (1-5, default 1; 3 in a cluster). */
    public Builder replicas(int count) {
      this.replicas = count;
      return this;
    }

    /** File (default) or memory storage for the streams the store creates. */
    public Builder storage(StorageType type) {
      this.storage = Objects.requireNonNull(type, "storage");
      return this;
    }

    /** How long one publish or read waits (default 5s). */
    public Builder timeout(Duration wait) {
      this.timeout = Objects.requireNonNull(wait, "timeout");
      return this;
    }

    /** Attempts per publish while the server does not answer (default 5). */
    public Builder attempts(int count) {
      this.attempts = count;
      return this;
    }

    public EventStoreOptions build() {
      if (serviceName == null || serviceName.isBlank() || serviceName.chars().anyMatch(c -> c <= ' ')) {
        throw new IllegalArgumentException("event store serviceName '" + serviceName
            + "' is required and must have no spaces (it is the CloudEvents source), e.g. bank-service");
      }
      if (replicas < 1 || replicas > 5) {
        throw new IllegalArgumentException("event store replicas " + replicas + " must be between 1 and 5");
      }
      if (timeout.toMillis() < 100) {
        throw new IllegalArgumentException("event store timeout " + timeout + " must be at least 100ms");
      }
      if (attempts < 1) {
        throw new IllegalArgumentException("event store attempts " + attempts + " must be at least 1");
      }
      return new EventStoreOptions(this);
    }
  }
}
