package dev.natsaga.test.nats;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

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
 * <p>The harness passes the listen address ({@code 127.0.0.1}), client port, monitoring port,
 * server name, {@code -js} and the store folder as command-line flags, which nats-server applies on
 * top of the configuration file. Extra configuration therefore cannot move those, but may add
 * anything else, including a {@code jetstream { ... }} block without {@code store_dir}.
 */
public final class NatsServerOptions {

    /** Default time {@link NatsServer#start(NatsServerOptions)} waits for the server to be ready. */
    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(15);

    private final int port;
    private final String serverName;
    private final boolean jetStream;
    private final List<String> configLines;
    private final Path configFile;
    private final Duration startupTimeout;
    private final Path baseDir;
    private final NatsServerBinary binary;

    private NatsServerOptions(Builder b) {
        this.port = b.port;
        this.serverName = b.serverName;
        this.jetStream = b.jetStream;
        this.configLines = List.copyOf(b.configLines);
        this.configFile = b.configFile;
        this.startupTimeout = b.startupTimeout;
        this.baseDir = b.baseDir;
        this.binary = b.binary;
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
        Builder b = new Builder();
        b.port = port;
        b.serverName = serverName;
        b.jetStream = jetStream;
        b.configLines.addAll(configLines);
        b.configFile = configFile;
        b.startupTimeout = startupTimeout;
        b.baseDir = baseDir;
        b.binary = binary;
        return b;
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

    /** Extra configuration lines appended to the generated config file, in order; default none. */
    public List<String> configLines() {
        return configLines;
    }

    /** A configuration file included before the extra lines; null (the default) for none. */
    public Path configFile() {
        return configFile;
    }

    /** How long start and restart wait for the server to be ready; default {@link #DEFAULT_STARTUP_TIMEOUT}. */
    public Duration startupTimeout() {
        return startupTimeout;
    }

    /** The folder under which the server's temporary folder is made; null (the default) for the system temp folder. */
    public Path baseDir() {
        return baseDir;
    }

    /** The nats-server binary; null (the default) for {@link NatsServerBinary#resolve()}. */
    public NatsServerBinary binary() {
        return binary;
    }

    /** Mutable builder for {@link NatsServerOptions}; {@link #build()} validates. */
    public static final class Builder {
        private int port;
        private String serverName;
        private boolean jetStream = true;
        private final List<String> configLines = new ArrayList<>();
        private Path configFile;
        private Duration startupTimeout = DEFAULT_STARTUP_TIMEOUT;
        private Path baseDir;
        private NatsServerBinary binary;

        private Builder() {
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

        /** Appends one line of nats-server configuration, e.g. {@code "max_payload: 2MB"}. */
        public Builder configLine(String line) {
            configLines.add(Objects.requireNonNull(line, "line"));
            return this;
        }

        /** Appends several lines of nats-server configuration. */
        public Builder configLines(String... lines) {
            Arrays.stream(lines).forEach(this::configLine);
            return this;
        }

        /** Appends several lines of nats-server configuration. */
        public Builder configLines(List<String> lines) {
            lines.forEach(this::configLine);
            return this;
        }

        /** A configuration file (e.g. accounts) to include; its own includes stay relative to it. */
        public Builder configFile(Path configFile) {
            this.configFile = configFile;
            return this;
        }

        /** How long to wait for the server to be ready at start and restart. */
        public Builder startupTimeout(Duration startupTimeout) {
            this.startupTimeout = startupTimeout;
            return this;
        }

        /** The folder under which the server's temporary folder is made. */
        public Builder baseDir(Path baseDir) {
            this.baseDir = baseDir;
            return this;
        }

        /** A specific, already verified binary instead of the configured one. */
        public Builder binary(NatsServerBinary binary) {
            this.binary = binary;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws IllegalArgumentException if the port is out of range, the timeout is not positive,
         *                                  or the config file does not exist
         */
        public NatsServerOptions build() {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be 0 (pick a free one) or 1-65535, was " + port);
            }
            if (serverName != null && (serverName.isBlank() || serverName.matches(".*\\s.*"))) {
                throw new IllegalArgumentException("serverName must be non-blank without spaces, was '" + serverName + "'");
            }
            Objects.requireNonNull(startupTimeout, "startupTimeout");
            if (startupTimeout.isNegative() || startupTimeout.isZero()) {
                throw new IllegalArgumentException("startupTimeout must be positive, was " + startupTimeout);
            }
            if (configFile != null && !Files.isRegularFile(configFile)) {
                throw new IllegalArgumentException("configFile " + configFile.toAbsolutePath() + " does not exist");
            }
            return new NatsServerOptions(this);
        }
    }
}
