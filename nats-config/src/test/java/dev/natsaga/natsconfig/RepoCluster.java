package dev.natsaga.natsconfig;

import dev.natsaga.test.nats.NatsServer;
import dev.natsaga.test.nats.NatsServerOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;

/**
 * The repository's 3-node cluster started from copies of its files in a temp folder: the copies route to free ports
 * instead of 6222-6224 (the only change) and keep their includes next to them. Client and monitoring ports are the
 * harness's flags; JetStream, store folders, cluster name and routes are the files' own.
 */
final class RepoCluster implements AutoCloseable {

  private final List<NatsServer> nodes;
  private final Path copies;

  private RepoCluster(List<NatsServer> nodes, Path copies) {
    this.nodes = nodes;
    this.copies = copies;
  }

  /**
   * Starts the three nodes from {@code cluster/<prefix>1.conf} .. {@code 3.conf}, e.g. prefix {@code node-} or
   * {@code secure-node-}; {@code alsoCopy} are further repository files the node files include (by file name).
   */
  static RepoCluster start(String prefix, String... alsoCopy) throws IOException {
    Path copies = Files.createTempDirectory("natsaga-cluster-config-");
    int[] free = NatsConfigFiles.freePorts(3);
    Map<String, String> routes = new LinkedHashMap<>();
    for (int i = 0; i < 3; i++) {
      routes.put("127.0.0.1:" + (6222 + i), "127.0.0.1:" + free[i]);
    }
    Map<String, String> includes = new LinkedHashMap<>();
    for (String file : alsoCopy) {
      Path source = NatsConfigFiles.file(file);
      Files.copy(source, copies.resolve(source.getFileName()));
      includes.put("\"../" + source.getFileName() + "\"", "\"" + source.getFileName() + "\"");
    }
    List<CompletableFuture<NatsServer>> starting = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      Path node = NatsConfigFiles.copyReplacing(NatsConfigFiles.file("cluster/node-" + i + ".conf"), copies, routes);
      Path copy = prefix.equals("node-") ? node
          : NatsConfigFiles.copyReplacing(NatsConfigFiles.file("cluster/" + prefix + i + ".conf"), copies, includes);
      NatsServerOptions options = NatsServerOptions.builder()
          .configFile(copy).jetStream(false).serverName("natsaga-" + i).startupTimeout(Duration.ofSeconds(30)).build();
      // A node is ready only once a meta leader is elected, which needs a quorum: start all at once.
      starting.add(CompletableFuture.supplyAsync(() -> NatsServer.start(options)));
    }
    List<NatsServer> nodes = new ArrayList<>();
    RuntimeException failure = null;
    for (CompletableFuture<NatsServer> f : starting) {
      try {
        nodes.add(f.join());
      } catch (CompletionException e) {
        failure = failure == null ? (RuntimeException) e.getCause() : failure;
      }
    }
    RepoCluster cluster = new RepoCluster(nodes, copies);
    if (failure != null) {
      cluster.close();
      throw failure;
    }
    return cluster;
  }

  List<NatsServer> nodes() {
    return nodes;
  }

  /** Every node's client URL, comma-separated (a NATS_URL). */
  String urls() {
    return nodes.stream().map(NatsServer::url).collect(Collectors.joining(","));
  }

  @Override
  public void close() throws IOException {
    nodes.forEach(NatsServer::close);
    try (var files = Files.walk(copies)) {
      files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
    }
  }
}
