package dev.natsaga.test.nats;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Immutable settings for a {@link NatsCluster}: 3 JetStream nodes named {@code n0..n2} in cluster
 * {@value #DEFAULT_CLUSTER_NAME} unless told otherwise.
 *
 * <pre>{@code
 * NatsClusterOptions options = NatsClusterOptions.builder()
 *         .nodes(5)
 *         .configLine("jetstream { sync_interval: always }")
 *         .build();
 * }</pre>
 *
 * <p>Extra configuration lines and the config file apply to every node; they must not contain a
 * {@code cluster { ... }} block, which the harness writes (name, listen port, routes).
 */
public final class NatsClusterOptions {

    /** The default cluster name. */
    public static final String DEFAULT_CLUSTER_NAME = "natsaga-test";
    /** The default number of nodes. */
    public static final int DEFAULT_NODES = 3;
    /** Default time to wait for all nodes and the JetStream meta leader. */
    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(30);

    private final int nodes;
    private final String clusterName;
    private final List<String> configLines;
    private final Path configFile;
    private final Duration startupTimeout;
    private final Path baseDir;
    private final NatsServerBinary binary;

    private NatsClusterOptions(Builder b) {
        this.nodes = b.nodes;
        this.clusterName = b.clusterName;
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

    /** 3 nodes and every other default. */
    public static NatsClusterOptions defaults() {
        return builder().build();
    }

    /** The number of nodes; default 3. */
    public int nodes() {
        return nodes;
    }

    /** The cluster name; default {@value #DEFAULT_CLUSTER_NAME}. */
    public String clusterName() {
        return clusterName;
    }

    /** Extra configuration lines for every node; default none. */
    public List<String> configLines() {
        return configLines;
    }

    /** A configuration file every node includes; null (the default) for none. */
    public Path configFile() {
        return configFile;
    }

    /** How long start, restarts and {@link NatsCluster#awaitJetStreamReady()} wait; default 30 s. */
    public Duration startupTimeout() {
        return startupTimeout;
    }

    /** The folder under which the cluster's temporary folder is made; null for the system temp folder. */
    public Path baseDir() {
        return baseDir;
    }

    /** The nats-server binary; null (the default) for {@link NatsServerBinary#resolve()}. */
    public NatsServerBinary binary() {
        return binary;
    }

    /** Mutable builder for {@link NatsClusterOptions}; {@link #build()} validates. */
    public static final class Builder {
        private int nodes = DEFAULT_NODES;
        private String clusterName = DEFAULT_CLUSTER_NAME;
        private final List<String> configLines = new ArrayList<>();
        private Path configFile;
        private Duration startupTimeout = DEFAULT_STARTUP_TIMEOUT;
        private Path baseDir;
        private NatsServerBinary binary;

        private Builder() {
        }

        /** The number of nodes, at least 2 (3 for R3 streams that survive losing one node). */
        public Builder nodes(int nodes) {
            this.nodes = nodes;
            return this;
        }

        /** The cluster name. */
        public Builder clusterName(String clusterName) {
            this.clusterName = clusterName;
            return this;
        }

        /** Appends one line of configuration for every node. */
        public Builder configLine(String line) {
            configLines.add(Objects.requireNonNull(line, "line"));
            return this;
        }

        /** Appends several lines of configuration for every node. */
        public Builder configLines(String... lines) {
            Arrays.stream(lines).forEach(this::configLine);
            return this;
        }

        /** A configuration file (e.g. accounts) every node includes. */
        public Builder configFile(Path configFile) {
            this.configFile = configFile;
            return this;
        }

        /** How long to wait for the cluster to be ready. */
        public Builder startupTimeout(Duration startupTimeout) {
            this.startupTimeout = startupTimeout;
            return this;
        }

        /** The folder under which the cluster's temporary folder is made. */
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
         * @throws IllegalArgumentException on fewer than 2 nodes, a blank cluster name, a
         *                                  non-positive timeout or a missing config file
         */
        public NatsClusterOptions build() {
            if (nodes < 2) {
                throw new IllegalArgumentException("a cluster needs at least 2 nodes, was " + nodes
                        + "; use NatsServer for a single node");
            }
            if (clusterName == null || clusterName.isBlank() || clusterName.matches(".*\\s.*")) {
                throw new IllegalArgumentException("clusterName must be non-blank without spaces, was '" + clusterName + "'");
            }
            Objects.requireNonNull(startupTimeout, "startupTimeout");
            if (startupTimeout.isNegative() || startupTimeout.isZero()) {
                throw new IllegalArgumentException("startupTimeout must be positive, was " + startupTimeout);
            }
            if (configFile != null && !Files.isRegularFile(configFile)) {
                throw new IllegalArgumentException("configFile " + configFile.toAbsolutePath() + " does not exist");
            }
            return new NatsClusterOptions(this);
        }
    }
}
