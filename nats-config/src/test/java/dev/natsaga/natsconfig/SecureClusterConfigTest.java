package dev.natsaga.natsconfig;

import static dev.natsaga.natsconfig.ServiceUsers.BOOKING;
import static dev.natsaga.natsconfig.ServiceUsers.PAYMENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.framework.PublishResult;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.StreamInfo;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code cluster/secure-node-{1,2,3}.conf}: the 3-node cluster with the service users of {@code accounts.conf} on
 * every node. The services work as deployed (their users, replicated streams) and the permissions hold cluster-wide.
 */
class SecureClusterConfigTest {

  private static RepoCluster cluster;

  @BeforeAll
  static void startCluster() throws IOException {
    cluster = RepoCluster.start("secure-node-", "accounts.conf");
  }

  @AfterAll
  static void stopCluster() throws IOException {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void booking_service_provisions_r3_streams_and_publishes_with_its_own_user() throws Exception {
    try (Natsaga natsaga = Natsaga.builder(ServiceUsers.options(cluster.urls(), BOOKING, "qa",
        Map.of("NATS_STREAM_REPLICAS", "3", "NATS_PUBLISH_ATTEMPTS", "12"))).domains("booking", "payment").build().start()) {
      PublishResult r = natsaga.publisher().publish(OutgoingEvent.event("booking.appointment.held.v1", Map.of("bookingId", "b-1")).build());

      StreamInfo info = natsaga.connection().jetStreamManagement().getStreamInfo("QA_BOOKING");
      assertThat(r.stream()).isEqualTo("QA_BOOKING");
      assertThat(info.getConfiguration().getReplicas()).isEqualTo(3);
      assertThat(info.getClusterInfo().getReplicas()).hasSize(2);
    }
  }

  @Test
  void every_node_refuses_what_accounts_conf_refuses() throws Exception {
    for (var node : cluster.nodes()) {
      List<String> errors = new CopyOnWriteArrayList<>();
      try (Connection payment = ServiceUsers.connect(node.url(), PAYMENT, errors)) {
        ServiceUsers.refused(payment, errors, "qa.booking.appointment.confirmed.v1");
      }
      assertThatThrownBy(() -> Nats.connect(Options.builder().server(node.url()).maxReconnects(0).build()).close())
          .as("an anonymous client on %s", node.name()).hasMessageContaining("uthorization");
    }
  }
}
