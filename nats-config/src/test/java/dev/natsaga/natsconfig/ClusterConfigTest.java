package dev.natsaga.natsconfig;

import static org.assertj.core.api.Assertions.assertThat;

import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.framework.PublishResult;
import dev.natsaga.framework.config.NatsagaOptions;
import dev.natsaga.framework.config.PublisherOptions;
import dev.natsaga.framework.config.StreamOptions;
import dev.natsaga.test.nats.NatsServer;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.ClusterInfo;
import io.nats.client.api.StreamInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code cluster/node-{1,2,3}.conf} form a real 3-node JetStream cluster. The files route to fixed
 * ports (6222-6224 on 127.0.0.1); the test copies them with those replaced by free ports, the only
 * change. Client and monitoring ports are the harness's flags; JetStream, store folders, cluster
 * name and routes are the files' own.
 */
class ClusterConfigTest {

  private static final Pattern ROUTE = Pattern.compile("127\\.0\\.0\\.1:(622[2-4])");
  private static RepoCluster cluster;
  private static List<NatsServer> nodes;

  @BeforeAll
  static void startCluster() throws IOException {
    cluster = RepoCluster.start("node-");
    nodes = cluster.nodes();
  }

  @AfterAll
  static void stopCluster() throws IOException {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void the_three_files_differ_only_in_name_ports_and_store_folder() throws IOException {
    List<String> normalized = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      String text = Files.readString(NatsConfigFiles.file("cluster/node-" + i + ".conf"));
      Matcher listen = Pattern.compile("(?m)^\\s*listen:\\s*127\\.0\\.0\\.1:(\\d+)\\s*$").matcher(text);
      assertThat(listen.find()).isTrue();
      assertThat(listen.group(1)).isEqualTo(String.valueOf(6221 + i));
      assertThat(ROUTE.matcher(text).results().map(m -> m.group(1)).collect(Collectors.toList()))
          .as("routes of node-%d", i).contains("6222", "6223", "6224");
      String settings = text.lines().filter(line -> !line.strip().startsWith("#")).collect(Collectors.joining("\n"));
      normalized.add(settings.replace("natsaga-" + i, "natsaga-N")
          .replace("node-" + i, "node-N").replace("port: " + (4221 + i), "port: C")
          .replace("http_port: " + (8221 + i), "http_port: M").replace("listen: 127.0.0.1:" + (6221 + i), "listen: R"));
    }
    assertThat(normalized.get(1)).isEqualTo(normalized.get(0));
    assertThat(normalized.get(2)).isEqualTo(normalized.get(0));
  }

  @Test
  void the_nodes_form_one_cluster_and_an_r3_stream_keeps_taking_writes_with_a_node_killed() throws Exception {
    String urls = cluster.urls();
    try (Natsaga natsaga = Natsaga.builder(NatsagaOptions.builder()
            .natsUrl(urls).environment("dev").serviceName("booking-service")
            .streams(StreamOptions.defaults().withReplicas(3))        // NATS_STREAM_REPLICAS=3
            // A stream leader's election takes 4-9 s of raft timeouts; the default budget of 6
            // attempts (about 3 s of "no responders") can run out first: NATS_PUBLISH_ATTEMPTS=12.
            .publisher(PublisherOptions.defaults().withAttempts(12, Duration.ofMillis(200), Duration.ofSeconds(2)))
            .shutdownTimeout(Duration.ofSeconds(5)).build())
        .domains("booking").build().start()) {

      PublishResult first = natsaga.publisher().publish(event("b-1"));
      StreamInfo info = natsaga.connection().jetStreamManagement().getStreamInfo("DEV_BOOKING");
      ClusterInfo cluster = info.getClusterInfo();
      assertThat(info.getConfiguration().getReplicas()).isEqualTo(3);
      assertThat(cluster.getName()).isEqualTo("natsaga");
      assertThat(cluster.getReplicas()).hasSize(2);

      NatsServer leader = nodes.stream().filter(n -> n.name().equals(cluster.getLeader())).findFirst().orElseThrow();
      leader.kill();     // the stream leader, the hardest node to lose: a new leader must be elected

      PublishResult second = natsaga.publisher().publish(event("b-2"));   // retried through the election
      assertThat(second.sequence()).isEqualTo(first.sequence() + 1);
      assertThat(second.stream()).isEqualTo("DEV_BOOKING");
    }

    NatsServer survivor = nodes.stream().filter(NatsServer::isRunning).findFirst().orElseThrow();
    try (Connection nc = Nats.connect(Options.builder().server(survivor.url()).build())) {
      StreamInfo info = nc.jetStreamManagement().getStreamInfo("DEV_BOOKING");
      assertThat(info.getStreamState().getMsgCount()).isEqualTo(2);
      assertThat(info.getClusterInfo().getLeader()).isNotNull();
    }
  }

  private static OutgoingEvent<Map<String, String>> event(String bookingId) {
    return OutgoingEvent.event("booking.appointment.confirmed.v1", Map.of("bookingId", bookingId)).subject(bookingId).build();
  }
}
