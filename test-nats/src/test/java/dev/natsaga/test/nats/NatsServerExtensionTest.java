package dev.natsaga.test.nats;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(30)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NatsServerExtensionTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  private static Connection fromFirstTest;

  @Test
  @Order(1)
  void jetStreamPublishReturnsAnAck() throws Exception {
    Connection nc = NATS.connect();
    fromFirstTest = nc;
    JetStreamManagement jsm = nc.jetStreamManagement();
    jsm.addStream(StreamConfiguration.builder()
        .name("ORDERS").subjects("orders.>").storageType(StorageType.File).build());

    PublishAck ack = nc.jetStream().publish("orders.1", "placed".getBytes(StandardCharsets.UTF_8));

    assertThat(ack.getStream()).isEqualTo("ORDERS");
    assertThat(ack.getSeqno()).isEqualTo(1);
    assertThat(ack.isDuplicate()).isFalse();
  }

  @Test
  @Order(2)
  void connectionsFromATestAreClosedAfterIt() {
    assertThat(fromFirstTest).isNotNull();
    assertThat(fromFirstTest.getStatus()).isEqualTo(Connection.Status.CLOSED);
  }

  @Test
  @Order(3)
  void injectsTheServerAndAConnection(NatsServer server, Connection nc) {
    assertThat(server).isSameAs(NATS.server());
    assertThat(server.isRunning()).isTrue();
    assertThat(server.url()).isEqualTo(NATS.url()).isEqualTo("nats://127.0.0.1:" + server.port());
    assertThat(server.port()).isNotEqualTo(4222);
    assertThat(nc.getStatus()).isEqualTo(Connection.Status.CONNECTED);
    assertThat(nc.getConnectedUrl()).contains(Integer.toString(server.port()));
  }

  @Nested
  class NestedTests {

    @Test
    void shareTheOuterServer(NatsServer server) throws Exception {
      assertThat(server).isSameAs(NATS.server());
      assertThat(NATS.connect().jetStreamManagement().getStreamNames()).contains("ORDERS");
    }
  }
}
