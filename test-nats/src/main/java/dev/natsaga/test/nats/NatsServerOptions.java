package dev.natsaga.test.nats;

import java.time.Duration;
import java.util.List;

/**
 * Immutable settings for one {@link NatsServer}. Every setting has a default, so
 * {@link #defaults()} gives a JetStream server on a free port in a fresh temporary folder.
 *
 * <pre>{@code
 * NatsServerOptions options = NatsServerOptions.builder()
 *         .configLine("jetstream { sync_interval: always }")   // fsync before every ack
 *         .startupTimeout(Duration.ofSeconds(20))
 *         .build();
 * try (NatsServer server = NatsServer.start(options)) { ... }
 * }</pre>
 *
 * <p>The harness passes the listen address ({@link #host()}, {@code 127.0.0.1} by default), client port, monitoring port,
 * server name, {@code -js} and the store folder as command-line flags, which nats-server applies on
 * top of the configuration file. Extra configuration therefore cannot move those, but may add
 * anything else, including a {@code jetstream { ... }} block without {@code store_dir}.
 */
public final class NatsServerOptions extends CommonOptions {

  /** Default time {@link NatsServer#start(NatsServerOptions)} waits for the server to be ready. */
  public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(15);

  private final int port;
  private final String serverName;
  private final boolean jetStream;
  private final String host;
  private final List<String> launcher;

  private NatsServerOptions(Builder b) {
    super(b);
    this.port = b.port;
    this.host = b.host;
    this.launcher = List.copyOf(b.launcher);
    this.serverName = b.serverName;
    this.jetStream = b.jetStream;
  }

  /** A builder with every default. */
  public static Builder builder() {
    return new Builder();
  }

  /** All defaults: JetStream on, a free port, a fresh temp folder, the binary from {@link NatsServerBinary#resolve()}. */
  public static NatsServerOptions defaults() {
    return builder().build();
  }

  /** A builder that starts from these options. */
  public Builder toBuilder() {
    Builder b = new Builder().copyCommon(this);
    b.port = port;
    b.serverName = serverName;
    b.jetStream = jetStream;
    b.host = host;
    b.launcher = launcher;
    return b;
  }

  /** The address the server listens on (clients and monitoring) and the harness connects to; default {@code 127.0.0.1}. */
  public String host() {
    return host;
  }

  /**
   * The command the server runs under, prepended to {@code nats-server ...}; default none. It must end by exec'ing
   * the server (as {@code ip netns exec <ns>} does), so the process the harness signals is the server itself.
   */
  public List<String> launcher() {
    return launcher;
  }

  /** The client port; 0 (the default) means a free one is picked at start. */
  public int port() {
    return port;
  }

  /** The server name; null (the default) means {@code natsaga-<port>}. */
  public String serverName() {
    return serverName;
  }

  /** Whether JetStream is enabled; default true. */
  public boolean jetStream() {
    return jetStream;
  }

  /** Mutable builder for {@link NatsServerOptions}; {@link #build()} validates. */
  public static final class Builder extends CommonOptions.Builder<Builder> {
    private int port;
    private String serverName;
    private boolean jetStream = true;
    private String host = NatsServer.HOST;
    private List<String> launcher = List.of();

    private Builder() {
      super(DEFAULT_STARTUP_TIMEOUT);
    }

    @Override
    Builder self() {
      return this;
    }

    /** The client port, 1-65535, or 0 for a free one. Avoid 4222: a shared server may own it. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** The server name ({@code server_name}); must be unique within a cluster. */
    public Builder serverName(String serverName) {
      this.serverName = serverName;
      return this;
    }

    /** Enables or disables JetStream (enabled by default). */
    public Builder jetStream(boolean jetStream) {
      this.jetStream = jetStream;
      return this;
    }

    /**
     * The listen address, an IPv4 literal such as {@code 10.213.7.11} (a network namespace's own address); default
     * {@code 127.0.0.1}. The harness connects to it for readiness, so it must be reachable from this process.
     */
    public Builder host(String host) {
      this.host = host;
      return this;
    }

    /**
     * A command prefix the server runs under, e.g. {@code List.of("ip", "netns", "exec", "ns1")} to start it inside a
     * network namespace; it must exec the server so that signals reach it. Default: none.
     */
    public Builder launcher(List<String> launcher) {
      this.launcher = List.copyOf(launcher);
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalArgumentException on a port out of range, a blank server name, a non-positive
     *                                  timeout or a missing config file
     */
    public NatsServerOptions build() {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("port must be 0 (pick a free one) or 1-65535, was " + port);
      }
      if (serverName != null && (serverName.isBlank() || serverName.matches(".*\\s.*"))) {
        throw new IllegalArgumentException("serverName must be non-blank without spaces, was '" + serverName + "'");
      }
      if (host == null || !host.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
        throw new IllegalArgumentException("host must be an IPv4 address such as 127.0.0.1, was '" + host + "'");
      }
      validateCommon();
      return new NatsServerOptions(this);
    }
  }
}
