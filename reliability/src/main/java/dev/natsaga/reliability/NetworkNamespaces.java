package dev.natsaga.reliability;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The network of a partition run: one network namespace per nats-server node, each joined to a bridge in the root
 * namespace by a veth pair, all on a private /24 of this machine ({@code 10.213.X.0/24}: the bridge {@code .1}, node
 * i {@code .11+i}). The services and the run stay in the root namespace and reach the nodes through the bridge;
 * the nodes reach each other over it. Nothing is routed beyond the bridge, so the traffic stays on the machine.
 *
 * <p>Partitions are made with what a minimal kernel offers (no netem, no nftables here): a node is <b>isolated</b> by
 * taking its veth out of the bridge (its packets go nowhere, silently, in both directions: the cable pulled at the
 * switch); a <b>split</b> adds {@code blackhole} routes on both sides of the cut, so packets across it are dropped
 * silently while each side still talks within itself. {@link #heal()} undoes both.
 *
 * <p>Names carry this JVM's pid and a counter ({@code natsaga-<id>-<i>}, bridge {@code nsb<id>}, veths
 * {@code nsv<id>h<i>}/{@code nsv<id>n<i>}), so parallel runs never collide; {@link #close()} deletes everything and a
 * shutdown hook does so when the run ends otherwise; {@link #create} first removes what runs whose JVM is gone left.
 * Needs root (CAP_NET_ADMIN) and the {@code ip} command.
 */
final class NetworkNamespaces implements AutoCloseable {

  static final String PREFIX = "natsaga-";
  private static final AtomicInteger COUNTER = new AtomicInteger();

  private final String id;
  private final int subnet;
  private final int nodes;
  private final List<String> blackholes = new ArrayList<>();
  private final Thread hook;
  private boolean closed;

  private NetworkNamespaces(String id, int subnet, int nodes) {
    this.id = id;
    this.subnet = subnet;
    this.nodes = nodes;
    this.hook = new Thread(this::close, "netns-cleanup-" + id);
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Creates {@code nodes} namespaces on a free private subnet; fails naming what is missing when it cannot. */
  static NetworkNamespaces create(int nodes) {
    removeStale();
    String id = Long.toString(ProcessHandle.current().pid(), 36) + Integer.toString(COUNTER.getAndIncrement() % 36, 36);
    NetworkNamespaces net = new NetworkNamespaces(id, freeSubnet(), nodes);
    try {
      net.build();
      return net;
    } catch (RuntimeException e) {
      net.close();
      throw e;
    }
  }

  private void build() {
    ip("link", "add", bridge(), "type", "bridge");
    ip("addr", "add", hostAddress() + "/24", "dev", bridge());
    ip("link", "set", bridge(), "up");
    for (int i = 0; i < nodes; i++) {
      ip("netns", "add", namespace(i));
      ip("link", "add", hostVeth(i), "type", "veth", "peer", "name", nodeVeth(i));
      ip("link", "set", nodeVeth(i), "netns", namespace(i));
      ip("link", "set", hostVeth(i), "master", bridge());
      ip("link", "set", hostVeth(i), "up");
      ip("-n", namespace(i), "addr", "add", address(i) + "/24", "dev", nodeVeth(i));
      ip("-n", namespace(i), "link", "set", nodeVeth(i), "up");
      ip("-n", namespace(i), "link", "set", "lo", "up");
    }
  }

  /** The command prefix that runs a program inside node {@code i}'s namespace ({@code ip netns exec}, which execs it). */
  List<String> launcher(int i) {
    return List.of("ip", "netns", "exec", namespace(i));
  }

  /** Node {@code i}'s address (0-based). */
  String address(int i) {
    return "10.213." + subnet + "." + (11 + i);
  }

  /** The root namespace's address on the bridge: where the services' and the run's connections come from. */
  String hostAddress() {
    return "10.213." + subnet + ".1";
  }

  /** Cuts node {@code i} off from everything: its veth leaves the bridge. */
  synchronized void isolate(int i) {
    ip("link", "set", hostVeth(i), "nomaster");
  }

  /**
   * Splits the network in two: the root namespace (the services) with the nodes {@code withServices} on one side, the
   * other nodes on the other. Packets across the cut are dropped silently ({@code blackhole} routes on both sides).
   */
  synchronized void split(List<Integer> withServices) {
    List<Integer> others = new ArrayList<>();
    for (int i = 0; i < nodes; i++) {
      if (!withServices.contains(i)) {
        others.add(i);
      }
    }
    for (int o : others) {
      blackhole(null, address(o));
      for (int w : withServices) {
        blackhole(namespace(w), address(o));
        blackhole(namespace(o), address(w));
      }
      blackhole(namespace(o), hostAddress());
    }
  }

  /** Every node back on the bridge, every blackhole route removed; safe to call when nothing is cut. */
  synchronized void heal() {
    for (String route : List.copyOf(blackholes)) {
      String[] parts = route.split(" ", 2);
      List<String> cmd = new ArrayList<>();
      if (!parts[0].isEmpty()) {
        cmd.addAll(List.of("-n", parts[0]));
      }
      cmd.addAll(List.of("route", "del", "blackhole", parts[1] + "/32"));
      ipQuietly(cmd.toArray(String[]::new));
      blackholes.remove(route);
    }
    for (int i = 0; i < nodes; i++) {
      ip("link", "set", hostVeth(i), "master", bridge());
    }
  }

  private void blackhole(String namespace, String address) {
    List<String> cmd = new ArrayList<>();
    if (namespace != null) {
      cmd.addAll(List.of("-n", namespace));
    }
    cmd.addAll(List.of("route", "add", "blackhole", address + "/32"));
    ip(cmd.toArray(String[]::new));
    blackholes.add((namespace == null ? "" : namespace) + " " + address);
  }

  String describe() {
    return nodes + " network namespaces " + namespace(0) + ".." + namespace(nodes - 1) + " on bridge " + bridge() + " "
        + hostAddress() + "/24";
  }

  /** Deletes the namespaces (and with them the veth pairs) and the bridge; idempotent, best effort. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (int i = 0; i < nodes; i++) {
      ipQuietly("link", "del", hostVeth(i));
      ipQuietly("netns", "del", namespace(i));
    }
    ipQuietly("link", "del", bridge());
    for (String route : blackholes) {
      if (route.startsWith(" ")) {
        ipQuietly("route", "del", "blackhole", route.strip() + "/32");
      }
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // called from the hook itself
    }
  }

  String namespace(int i) {
    return PREFIX + id + "-" + i;
  }

  private String bridge() {
    return "nsb" + id;
  }

  private String hostVeth(int i) {
    return "nsv" + id + "h" + i;
  }

  private String nodeVeth(int i) {
    return "nsv" + id + "n" + i;
  }

  /** A third octet no address or route of this machine uses yet under 10.213.0.0/16. */
  private static int freeSubnet() {
    String used = run(List.of("ip", "-4", "-o", "addr", "show"), false) + run(List.of("ip", "-4", "route", "show", "table", "all"), false);
    Random random = new Random(ProcessHandle.current().pid() ^ System.nanoTime());
    for (int attempt = 0; attempt < 200; attempt++) {
      int x = 1 + random.nextInt(254);
      if (!used.contains("10.213." + x + ".")) {
        return x;
      }
    }
    throw new IllegalStateException("no free /24 under 10.213.0.0/16 for the partition run's namespaces");
  }

  /** Deletes namespaces, veths and bridges of runs whose JVM (pid in the name) no longer exists. */
  private static void removeStale() {
    for (String line : run(List.of("ip", "netns", "list"), false).split("\n")) {
      String name = line.strip().split("\\s+")[0];
      if (!name.matches(PREFIX + "[0-9a-z]+-\\d+")) {
        continue;
      }
      String staleId = name.substring(PREFIX.length(), name.lastIndexOf('-'));
      long pid = Long.parseLong(staleId.substring(0, staleId.length() - 1), 36);
      if (ProcessHandle.of(pid).isEmpty()) {
        ipQuietly("netns", "del", name);
        ipQuietly("link", "del", "nsb" + staleId);
        ipQuietly("link", "del", "nsv" + staleId + "h" + name.substring(name.lastIndexOf('-') + 1));
      }
    }
    removeStaleRoutes();
  }

  /** Root-namespace blackhole routes under 10.213.0.0/16 whose /24 no bridge uses any more (a split of a run killed with -9). */
  private static void removeStaleRoutes() {
    String addresses = run(List.of("ip", "-4", "-o", "addr", "show"), false);
    for (String line : run(List.of("ip", "-4", "route", "show", "type", "blackhole"), false).split("\n")) {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("blackhole (10\\.213\\.(\\d+)\\.\\d+)").matcher(line);
      if (m.find() && !addresses.contains("10.213." + m.group(2) + ".")) {
        ipQuietly("route", "del", "blackhole", m.group(1) + "/32");
      }
    }
  }

  private static void ip(String... args) {
    List<String> cmd = new ArrayList<>(List.of("ip"));
    cmd.addAll(List.of(args));
    run(cmd, true);
  }

  private static void ipQuietly(String... args) {
    List<String> cmd = new ArrayList<>(List.of("ip"));
    cmd.addAll(List.of(args));
    run(cmd, false);
  }

  private static String run(List<String> cmd, boolean check) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      int code = p.waitFor();
      if (check && code != 0) {
        throw new IllegalStateException(String.join(" ", cmd) + " failed (exit " + code + "): " + out.strip()
            + (out.toLowerCase(Locale.ROOT).contains("operation not permitted") ? " — the partition run needs root (CAP_NET_ADMIN)" : ""));
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException(String.join(" ", cmd) + " could not run (the partition run needs iproute2's ip): " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + String.join(" ", cmd), e);
    }
  }
}
