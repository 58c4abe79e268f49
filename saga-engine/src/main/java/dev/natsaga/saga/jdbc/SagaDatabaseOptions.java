package dev.natsaga.saga.jdbc;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Immutable settings of the saga database. Defaults: an H2 file database under {@code ./data/},
 * user {@code sa}, empty password, a pool of 10 connections, 10 s connection timeout.
 *
 * <pre>{@code
 * SagaDatabaseOptions pg = SagaDatabaseOptions.builder()
 *     .url("jdbc:postgresql://db:5432/booking").user("booking").password(secret).poolSize(20)
 *     .build();
 * SagaDatabaseOptions fromEnv = SagaDatabaseOptions.fromEnvironment(System.getenv());
 * }</pre>
 */
public final class SagaDatabaseOptions {

  /**
   * The default JDBC URL: an H2 file database in {@code ./data/natsaga-saga.mv.db}; {@code DB_CLOSE_ON_EXIT=FALSE}
   * so H2's own shutdown hook does not close it while a graceful shutdown still finishes sagas, and
   * {@code WRITE_DELAY=0} so a commit is on disk before the commands it sends go out (H2's default writes up to
   * 500 ms later, and a process killed in between loses transactions it had committed).
   */
  public static final String DEFAULT_URL = "jdbc:h2:file:./data/natsaga-saga;LOCK_TIMEOUT=10000;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";

  private final String url;
  private final String user;
  private final String password;
  private final int poolSize;
  private final Duration connectionTimeout;
  private final String poolName;

  private SagaDatabaseOptions(Builder b) {
    this.url = b.url;
    this.user = b.user;
    this.password = b.password;
    this.poolSize = b.poolSize;
    this.connectionTimeout = b.connectionTimeout;
    this.poolName = b.poolName;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads {@code SAGA_DB_URL}, {@code SAGA_DB_USER}, {@code SAGA_DB_PASSWORD} and {@code SAGA_DB_POOL_SIZE},
   * keeping the defaults for missing ones.
   */
  public static SagaDatabaseOptions fromEnvironment(Map<String, String> env) {
    Builder b = builder();
    b.url(env.getOrDefault("SAGA_DB_URL", DEFAULT_URL));
    b.user(env.getOrDefault("SAGA_DB_USER", b.user));
    b.password(env.getOrDefault("SAGA_DB_PASSWORD", b.password));
    String pool = env.get("SAGA_DB_POOL_SIZE");
    if (pool != null) {
      try {
        b.poolSize(Integer.parseInt(pool.trim()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("SAGA_DB_POOL_SIZE must be a number, got '" + pool + "'", e);
      }
    }
    return b.build();
  }

  public String url() { return url; }

  public String user() { return user; }

  public String password() { return password; }

  public int poolSize() { return poolSize; }

  public Duration connectionTimeout() { return connectionTimeout; }

  public String poolName() { return poolName; }

  @Override
  public String toString() {
    return "SagaDatabaseOptions[url=" + url + ", user=" + user + ", poolSize=" + poolSize + "]";
  }

  /** Builder; {@link #build()} validates. */
  public static final class Builder {
    private String url = DEFAULT_URL;
    private String user = "sa";
    private String password = "";
    private int poolSize = 10;
    private Duration connectionTimeout = Duration.ofSeconds(10);
    private String poolName = "natsaga-saga";

    private Builder() {
    }

    /** JDBC URL: {@code jdbc:h2:...} or {@code jdbc:postgresql://...}. */
    public Builder url(String value) { this.url = value; return this; }

    public Builder user(String value) { this.user = value; return this; }

    public Builder password(String value) { this.password = value; return this; }

    /** Maximum pool size (1..500, default 10). */
    public Builder poolSize(int value) { this.poolSize = value; return this; }

    public Builder connectionTimeout(Duration value) { this.connectionTimeout = value; return this; }

    public Builder poolName(String value) { this.poolName = value; return this; }

    public SagaDatabaseOptions build() {
      if (url == null || !url.startsWith("jdbc:")) {
        throw new IllegalArgumentException("saga database url must be a JDBC URL (jdbc:h2:... or jdbc:postgresql://...),"
            + " got '" + url + "' (setting SAGA_DB_URL)");
      }
      if (poolSize < 1 || poolSize > 500) {
        throw new IllegalArgumentException("saga database poolSize must be 1..500, got " + poolSize + " (setting SAGA_DB_POOL_SIZE)");
      }
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(password, "password");
      if (connectionTimeout == null || connectionTimeout.toMillis() < 250) {
        throw new IllegalArgumentException("saga database connectionTimeout must be at least 250 ms, got " + connectionTimeout);
      }
      return new SagaDatabaseOptions(this);
    }
  }
}
