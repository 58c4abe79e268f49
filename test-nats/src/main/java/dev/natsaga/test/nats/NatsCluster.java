package dev.natsaga.test.nats;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A real nats-server cluster (3 nodes by default) with JetStream: one cluster name, routes between
 * all nodes, unique server names {@code n0, n1, ...}, and per node its own store folder and free
 * client and cluster ports on 127.0.0.1. All nodes start in parallel; {@link #start()} returns once
 * a JetStream meta leader is elected, typically within 1-2 s.
 *
 * <pre>{@code
 * try (NatsCluster cluster = NatsCluster.start(3);
 *      Connection nc = Nats.connect(Options.builder().server(cluster.urls()).maxReconnects(-1).build())) {
 *     nc.jetStreamManagement().addStream(StreamConfiguration.builder()
 *             .name("ORDERS").subjects("orders.>").replicas(3).storageType(StorageType.File).build());
 *     cluster.node(0).kill();                 // lose one node; R3 keeps a quorum
 *     nc.jetStream().publish("orders.1", data);
 *     cluster.node(0).restart();              // same ports and store folder; waits until it caught up
 * }
 * }</pre>
 */
public final class NatsCluster implements AutoCloseable {

  private final String clusterName;
  private final Duration startupTimeout;
  private final Path dir;
  private final List<NatsServer> nodes;

  private NatsCluster(NatsClusterOptions options) {
    this.clusterName = options.clusterName();
    this.startupTimeout = options.startupTimeout();
    this.dir = WorkDirs.create(options.baseDir(), "natsaga-cluster-");
    this.nodes = new ArrayList<>();
    NatsServerBinary binary = options.binary() != null ? options.binary() : NatsServerBinary.resolve();
    int count = options.nodes();
    int[] ports = FreePorts.pick(2 * count);
    List<String> routes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      routes.add("nats-route://" + NatsServer.HOST + ":" + ports[count + i]);
    }
    try {
      for (int i = 0; i < count; i++) {
        NatsServerOptions node = NatsServerOptions.builder()
            .binary(binary).port(ports[i]).serverName("n" + i)
            .configFile(options.configFile()).configLines(options.configLines())
            .configLines(clusterBlock(ports[count + i], routes, i))
            .startupTimeout(startupTimeout)
            .build();
        nodes.add(NatsServer.create(node, dir));
      }
    } catch (RuntimeException e) {
      WorkDirs.deleteRecursively(dir);
      throw e;
    }
  }

  /** Starts 3 nodes and waits until JetStream is ready. */
  public static NatsCluster start() {
    return start(NatsClusterOptions.defaults());
  }

  /** Starts {@code nodes} nodes and waits until JetStream is ready. */
  public static NatsCluster start(int nodes) {
    return start(NatsClusterOptions.builder().nodes(nodes).build());
  }

  /**
   * Starts every node at once and waits until JetStream is ready on all of them.
   *
   * @throws IllegalStateException if a node does not start or no meta leader is elected in time;
   *                               the message quotes the failing node's log, and the nodes'
   *                               folders are kept for inspection
   */
  public static NatsCluster start(NatsClusterOptions options) {
    NatsCluster cluster = new NatsCluster(options);
    try {
      cluster.nodes.forEach(NatsServer::launch);
      cluster.awaitJetStreamReady();
      return cluster;
    } catch (RuntimeException e) {
      cluster.nodes.forEach(NatsServer::abandon);
      throw e;
    }
  }

  /** Comma-separated client URLs of all nodes, for {@code Options.Builder.server(String)} or {@code Nats.connect}. */
  public String urls() {
    return nodes.stream().map(NatsServer::url).collect(Collectors.joining(","));
  }

  /** Client URLs of all nodes. */
  public List<String> urlList() {
    return nodes.stream().map(NatsServer::url).collect(Collectors.toUnmodifiableList());
  }

  /** Node {@code index} (0-based, named {@code n<index>}); kill, stop and restart it on its own. */
  public NatsServer node(int index) {
    if (index < 0 || index >= nodes.size()) {
      throw new IndexOutOfBoundsException("node " + index + " of a " + nodes.size() + "-node cluster");
    }
    return nodes.get(index);
  }

  /** Node by server name, such as a stream leader's name from {@code StreamInfo.getClusterInfo().getLeader()}. */
  public NatsServer node(String serverName) {
    return nodes.stream().filter(n -> n.name().equals(serverName)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no node named '" + serverName + "' in " + this));
  }

  /** All nodes, in index order. */
  public List<NatsServer> nodes() {
    return List.copyOf(nodes);
  }

  /** The number of nodes. */
  public int size() {
    return nodes.size();
  }

  /** The cluster name. */
  public String clusterName() {
    return clusterName;
  }

  /** Waits up to the configured startup timeout; see {@link #awaitJetStreamReady(Duration)}. */
  public void awaitJetStreamReady() {
    awaitJetStreamReady(startupTimeout);
  }

  /**
   * Waits until every running node reports ready on {@code /healthz} (JetStream in contact with
   * an elected meta leader and current) and a JetStream account info request succeeds.
   *
   * @throws IllegalStateException if that does not happen in time, or no node runs
   */
  public void awaitJetStreamReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<NatsServer> running = nodes.stream().filter(NatsServer::isRunning).collect(Collectors.toList());
    if (running.isEmpty()) {
      throw new IllegalStateException("no node of " + this + " is running");
    }
    for (NatsServer node : running) {
      node.awaitReady(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
    }
    List<String> urls = running.stream().map(NatsServer::url).collect(Collectors.toList());
    String problem;
    do {
      problem = JetStreamProbe.problem(urls);
      if (problem == null) {
        return;
      }
      NatsServer.pause(Duration.ofMillis(100));
    } while (System.nanoTime() < deadline);
    throw new IllegalStateException(this + ": JetStream not ready within " + timeout.toMillis() + " ms: " + problem);
  }

  /** Stops running nodes gracefully, starts all nodes again on their ports and store folders, and waits for JetStream. */
  public void restartAll() {
    nodes.forEach(NatsServer::stop);
    nodes.forEach(NatsServer::launch);
    awaitJetStreamReady();
  }

  /** Kills every running node with SIGKILL, as a whole-cluster crash. */
  public void killAll() {
    nodes.forEach(NatsServer::kill);
  }

  /** Kills all nodes and deletes their folders; idempotent. */
  @Override
  public void close() {
    nodes.forEach(NatsServer::close);
    WorkDirs.deleteRecursively(dir);
  }

  @Override
  public String toString() {
    return "nats cluster '" + clusterName + "' (" + urls() + ")";
  }

  private List<String> clusterBlock(int clusterPort, List<String> routes, int self) {
    List<String> lines = new ArrayList<>();
    lines.add("cluster {");
    lines.add("  name: " + clusterName);
    lines.add("  listen: " + NatsServer.HOST + ":" + clusterPort);
    lines.add("  routes: [");
    for (int i = 0; i < routes.size(); i++) {
      if (i != self) {
        lines.add("    " + routes.get(i));
      }
    }
    lines.add("  ]");
    lines.add("}");
    return lines;
  }
}
