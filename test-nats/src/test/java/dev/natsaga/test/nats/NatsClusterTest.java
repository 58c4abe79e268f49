package dev.natsaga.test.nats;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamOptions;
import io.nats.client.JetStreamManagement;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(60)
class NatsClusterTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.cluster(3);

  @Test
  void nodesHaveDistinctNamesPortsAndStores(NatsCluster cluster) {
    assertThat(cluster.size()).isEqualTo(3);
    assertThat(cluster.urls().split(",")).hasSize(3);
    Set<Integer> ports = new HashSet<>();
    Set<Object> stores = new HashSet<>();
    for (int i = 0; i < cluster.size(); i++) {
      NatsServer node = cluster.node(i);
      assertThat(node.name()).isEqualTo("n" + i);
      assertThat(node.isRunning()).isTrue();
      ports.add(node.port());
      ports.add(node.monitorPort());
      stores.add(node.storeDir());
    }
    assertThat(ports).hasSize(6).doesNotContain(4222);
    assertThat(stores).hasSize(3);
  }

  @Test
  void r3StreamAcceptsPublishesAfterItsLeaderIsKilled(NatsCluster cluster) throws Exception {
    Connection nc = NATS.connect();
    JetStreamManagement jsm = nc.jetStreamManagement();
    StreamInfo created = jsm.addStream(StreamConfiguration.builder()
        .name("PAYMENTS").subjects("payments.>").replicas(3).storageType(StorageType.File).build());
    assertThat(created.getConfiguration().getReplicas()).isEqualTo(3);
    JetStream js = nc.jetStream(JetStreamOptions.builder().requestTimeout(Duration.ofSeconds(2)).build());
    assertThat(js.publish("payments.1", bytes("authorized")).getSeqno()).isEqualTo(1);

    NatsServer leader = cluster.node(awaitLeader(jsm));
    leader.kill();

    PublishAck ack = publishWithRetry(js, "payments.2", "captured", Duration.ofSeconds(30));
    assertThat(ack.getSeqno()).isEqualTo(2);
    assertThat(ack.isDuplicate()).isFalse();

    leader.restart();
    cluster.awaitJetStreamReady();
    StreamInfo info = jsm.getStreamInfo("PAYMENTS");
    assertThat(info.getStreamState().getMsgCount()).isEqualTo(2);
    List<?> replicas = info.getClusterInfo().getReplicas();
    assertThat(replicas).hasSize(2);
  }

  private static String awaitLeader(JetStreamManagement jsm) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    String leader = jsm.getStreamInfo("PAYMENTS").getClusterInfo().getLeader();
    while (leader == null && System.nanoTime() < deadline) {
      NatsServer.pause(Duration.ofMillis(50));
      leader = jsm.getStreamInfo("PAYMENTS").getClusterInfo().getLeader();
    }
    assertThat(leader).as("stream leader").isNotNull();
    return leader;
  }

  /** Retries across the stream's leader election; the message id keeps a retried publish from duplicating. */
  private static PublishAck publishWithRetry(JetStream js, String subject, String data, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    PublishOptions options = PublishOptions.builder().messageId(subject).build();
    while (true) {
      try {
        return js.publish(subject, bytes(data), options);
      } catch (Exception e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        NatsServer.pause(Duration.ofMillis(200));
      }
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
