package dev.natsaga.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.natsaga.test.nats.NatsServer;
import dev.natsaga.test.nats.NatsServerOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The partition run's network, for real: nats-servers inside namespaces, reached from this (root) namespace through
 * the bridge, cut off and healed. Needs root and iproute2 (CI runs as root; elsewhere the test is skipped, saying why).
 */
@Timeout(120)
class NetworkNamespacesTest {

  @Test
  void nodes_in_namespaces_are_reachable_cut_off_split_and_healed_and_nothing_is_left_behind() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name"))
        && (Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/sbin/ip"))), "needs root and iproute2's ip to create network namespaces");
    String first;
    try (NetworkNamespaces net = NetworkNamespaces.create(2);
         NatsServer a = start(net, 0);
         NatsServer b = start(net, 1)) {
      first = net.namespace(0);
      assertThat(reachable(a)).as("node 0 through the bridge").isTrue();

      net.isolate(0);
      assertThat(reachable(a)).as("node 0 isolated").isFalse();
      assertThat(reachable(b)).as("node 1 untouched").isTrue();

      net.heal();
      assertThat(reachable(a)).as("node 0 healed").isTrue();

      net.split(List.of(0));
      assertThat(reachable(a)).as("node 0 on the services' side").isTrue();
      assertThat(reachable(b)).as("node 1 across the cut").isFalse();

      net.heal();
      assertThat(reachable(b)).as("node 1 healed").isTrue();
    }
    assertThat(run("ip", "netns", "list")).doesNotContain(first);
    assertThat(run("ip", "-4", "route", "show", "table", "all")).doesNotContain("blackhole 10.213.");
  }

  private static NatsServer start(NetworkNamespaces net, int i) {
    return NatsServer.start(NatsServerOptions.builder().host(net.address(i)).launcher(net.launcher(i)).build());
  }

  private static boolean reachable(NatsServer server) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(server.host(), server.port()), 1500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor();
    return out;
  }
}
