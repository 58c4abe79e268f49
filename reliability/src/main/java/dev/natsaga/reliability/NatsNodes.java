package dev.natsaga.reliability;

import dev.natsaga.test.nats.NatsServer;
import dev.natsaga.test.nats.NatsServerOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;

/**
 * The nats-server side of a run: one server started from {@code nats-config/dev.conf}, or three from
 * {@code nats-config/cluster/node-N.conf} (copied with the route ports moved to free ones). The files' own settings
 * hold ({@code sync_interval: always}, {@code max_payload: 1MB}, store folders); the harness only pins address,
 * client and monitoring ports and the server name on the command line, and each server runs in its own folder under
 * the run's work folder, so {@code ./data/...} stores stay there across restarts.
 */
final class NatsNodes implements AutoCloseable {

  private final List<NatsServer> servers;
  private final boolean cluster;
  private final NetworkNamespaces network;

  private NatsNodes(List<NatsServer> servers, boolean cluster, NetworkNamespaces network) {
    this.servers = servers;
    this.cluster = cluster;
    this.network = network;
  }

  static NatsNodes single(ProjectFiles files, Path workDir) {
    NatsServer server = NatsServer.start(NatsServerOptions.builder()
        .configFile(files.natsConfig("dev.conf"))
        .jetStream(false)                      // the file's jetstream block (sync_interval always) applies
        .baseDir(workDir)
        .startupTimeout(Duration.ofSeconds(60))
        .build());
    return new NatsNodes(List.of(server), false, null);
  }

  static NatsNodes cluster(ProjectFiles files, Path workDir) {
    int[] routePorts = freePorts(3);
    List<String> routes = List.of("127.0.0.1:" + routePorts[0], "127.0.0.1:" + routePorts[1], "127.0.0.1:" + routePorts[2]);
    return startCluster(files, workDir, routes, null);
  }

  /**
   * The 3-node cluster with each node in its own network namespace ({@link NetworkNamespaces}): client, monitoring and
   * route ports on the namespaces' addresses, so the partition run can cut nodes off. The namespaces go with
   * {@link #close()}.
   */
  static NatsNodes partitionable(ProjectFiles files, Path workDir) {
    NetworkNamespaces network = NetworkNamespaces.create(3);
    try {
      List<String> routes = List.of(network.address(0) + ":6222", network.address(1) + ":6222", network.address(2) + ":6222");
      return startCluster(files, workDir, routes, network);
    } catch (RuntimeException e) {
      network.close();
      throw e;
    }
  }

  private static NatsNodes startCluster(ProjectFiles files, Path workDir, List<String> routes, NetworkNamespaces network) {
    Path configs = workDir.resolve("cluster-config");
    List<CompletableFuture<NatsServer>> starting = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      Path copy = copyWithRoutes(files.natsConfig("cluster/node-" + i + ".conf"), configs, routes);
      NatsServerOptions.Builder builder = NatsServerOptions.builder().configFile(copy).jetStream(false).serverName("natsaga-" + i)
          .baseDir(workDir).startupTimeout(Duration.ofSeconds(90));
      if (network != null) {
        builder.host(network.address(i - 1)).launcher(network.launcher(i - 1));
      }
      NatsServerOptions options = builder.build();
      // a node is ready once a meta leader is elected, which needs a quorum: start all three at once
      starting.add(CompletableFuture.supplyAsync(() -> NatsServer.start(options)));
    }
    List<NatsServer> started = new ArrayList<>();
    RuntimeException failure = null;
    for (CompletableFuture<NatsServer> f : starting) {
      try {
        started.add(f.join());
      } catch (CompletionException e) {
        failure = failure != null ? failure : (RuntimeException) e.getCause();
      }
    }
    if (failure != null) {
      started.forEach(NatsServer::close);
      throw failure;
    }
    return new NatsNodes(List.copyOf(started), true, network);
  }

  /** The nodes' network namespaces in a partition run; null otherwise. */
  NetworkNamespaces network() {
    return network;
  }

  /** The index of the node named {@code serverName} ({@code natsaga-2}); -1 if none is. */
  int indexOf(String serverName) {
    for (int i = 0; i < servers.size(); i++) {
      if (servers.get(i).name().equals(serverName)) {
        return i;
      }
    }
    return -1;
  }

  /** Client URL(s), comma-separated for a cluster. */
  String url() {
    return servers.stream().map(NatsServer::url).collect(Collectors.joining(","));
  }

  boolean isCluster() {
    return cluster;
  }

  int size() {
    return servers.size();
  }

  NatsServer node(int index) {
    return servers.get(index);
  }

  /** SIGKILL of node {@code index}. */
  void kill(int index) {
    servers.get(index).kill();
  }

  /** Starts node {@code index} again on the same port with the same store, and waits until it is ready. */
  void restart(int index) {
    servers.get(index).restart();
  }

  String describe() {
    return servers.stream().map(s -> s.name() + "@" + s.url() + " (" + s.binary().version() + ", store " + s.storeDir().getParent() + ")")
        .collect(Collectors.joining(", "));
  }

  /** Copies every server's log into {@code folder} (the servers' own folders go with {@link #close()}). */
  void saveLogs(Path folder) {
    for (NatsServer s : servers) {
      try {
        Files.createDirectories(folder);
        Files.copy(s.logFile(), folder.resolve("nats-" + s.name() + ".log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException | RuntimeException e) {
        // best effort: the log is for people
      }
    }
  }

  @Override
  public void close() {
    servers.forEach(NatsServer::close);
    if (network != null) {
      network.close();
    }
  }

  /** Copies a node file, moving the routes 127.0.0.1:6222-6224 to {@code routes} ({@code host:port} each). */
  private static Path copyWithRoutes(Path source, Path folder, List<String> routes) {
    try {
      Files.createDirectories(folder);
      String text = Files.readString(source, StandardCharsets.UTF_8);
      for (int i = 0; i < 3; i++) {
        text = text.replace("127.0.0.1:" + (6222 + i), routes.get(i));
      }
      Path copy = folder.resolve(source.getFileName());
      Files.writeString(copy, text, StandardCharsets.UTF_8);
      return copy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int[] freePorts(int n) {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      int[] ports = new int[n];
      for (int i = 0; i < n; i++) {
        ServerSocket s = new ServerSocket(0);
        sockets.add(s);
        ports[i] = s.getLocalPort();
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      for (ServerSocket s : sockets) {
        try {
          s.close();
        } catch (IOException ignored) {
          // best effort
        }
      }
    }
  }
}
