package dev.natsaga.test.nats;

import java.time.Duration;

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
public final class NatsClusterOptions extends CommonOptions {

  /** The default cluster name. */
  public static final String DEFAULT_CLUSTER_NAME = "natsaga-test";
  /** The default number of nodes. */
  public static final int DEFAULT_NODES = 3;
  /** Default time to wait for all nodes and the JetStream meta leader. */
  public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(30);

  private final int nodes;
  private final String clusterName;

  private NatsClusterOptions(Builder b) {
    super(b);
    this.nodes = b.nodes;
    this.clusterName = b.clusterName;
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

  /** Mutable builder for {@link NatsClusterOptions}; {@link #build()} validates. */
  public static final class Builder extends CommonOptions.Builder<Builder> {
    private int nodes = DEFAULT_NODES;
    private String clusterName = DEFAULT_CLUSTER_NAME;

    private Builder() {
      super(DEFAULT_STARTUP_TIMEOUT);
    }

    @Override
    Builder self() {
      return this;
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
      validateCommon();
      return new NatsClusterOptions(this);
    }
  }
}
