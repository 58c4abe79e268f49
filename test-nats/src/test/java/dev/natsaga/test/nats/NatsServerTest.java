package dev.natsaga.test.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class NatsServerTest {

  @Test
  void killDisconnectsClientsAndRestartRecoversFileStoredMessages() throws Exception {
    NatsServerOptions options = NatsServerOptions.builder()
        .configLine("jetstream { sync_interval: always }")
        .build();
    try (NatsServer server = NatsServer.start(options);
      Connection nc = Nats.connect(Options.builder().server(server.url())
          .maxReconnects(-1).reconnectWait(Duration.ofMillis(100)).build())) {
      JetStreamManagement jsm = nc.jetStreamManagement();
      jsm.addStream(StreamConfiguration.builder()
          .name("EVENTS").subjects("events.>").storageType(StorageType.File).build());
      for (int i = 1; i <= 3; i++) {
        nc.jetStream().publish("events." + i, ("event-" + i).getBytes(StandardCharsets.UTF_8));
      }
      int port = server.port();
      Path store = server.storeDir();

      server.kill();

      assertThat(server.isRunning()).isFalse();
      awaitTrue(() -> nc.getStatus() != Connection.Status.CONNECTED, "client notices the kill");
      assertThatThrownBy(() -> Nats.connect(Options.builder().server(server.url()).noReconnect().build()))
          .isInstanceOf(IOException.class);

      server.restart();

      assertThat(server.port()).isEqualTo(port);
      assertThat(server.storeDir()).isEqualTo(store);
      awaitTrue(() -> nc.getStatus() == Connection.Status.CONNECTED, "client reconnects");
      assertThat(jsm.getStreamInfo("EVENTS").getStreamState().getMsgCount()).isEqualTo(3);
      for (int i = 1; i <= 3; i++) {
        assertThat(new String(jsm.getMessage("EVENTS", i).getData(), StandardCharsets.UTF_8))
            .isEqualTo("event-" + i);
      }
      assertThat(httpGet(server.monitorUrl() + "/jsz")).contains("\"sync_always\": true");
    }
  }

  @Test
  void stopIsGracefulAndRestartStartsAgain() {
    try (NatsServer server = NatsServer.start()) {
      server.stop();

      assertThat(server.isRunning()).isFalse();
      assertThat(server.logTail(20)).contains("Server Exiting");

      server.restart();

      assertThat(server.isRunning()).isTrue();
    }
  }

  @Test
  void closeKillsTheServerAndDeletesItsFolder() {
    NatsServer server = NatsServer.start();
    Path store = server.storeDir();
    assertThat(store).exists();

    server.close();

    assertThat(server.isRunning()).isFalse();
    assertThat(store.getParent()).doesNotExist();
  }

  @Test
  void failedStartQuotesTheServerLogAndKeepsItsFolder(@TempDir Path base) throws IOException {
    NatsServerOptions broken = NatsServerOptions.builder()
        .baseDir(base).configLine("this is { not valid").build();

    assertThatThrownBy(() -> NatsServer.start(broken))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("exited with code")
        .hasMessageContaining("nats-server.log")
        .hasMessageContaining("Parse error on line");
    try (Stream<Path> kept = Files.walk(base)) {
      assertThat(kept.map(p -> p.getFileName().toString())).contains("nats-server.log", "nats-server.conf");
    }
  }

  @Test
  void userConfigFileIsIncluded() throws Exception {
    Path conf = Files.createTempFile("natsaga-user-", ".conf");
    try {
      Files.writeString(conf, "max_payload: 2MB\n");
      try (NatsServer server = NatsServer.start(NatsServerOptions.builder().configFile(conf).build());
        Connection nc = Nats.connect(server.url())) {
        assertThat(nc.getServerInfo().getMaxPayload()).isEqualTo(2L * 1024 * 1024);
      }
    } finally {
      Files.deleteIfExists(conf);
    }
  }

  @Test
  void hostAndLauncherMoveTheServerAndStillLetItBeKilled() throws Exception {
    // 127.0.0.2 is loopback on Linux; env(1) execs the server as `ip netns exec <ns>` does in the partition run
    NatsServerOptions options = NatsServerOptions.builder().host("127.0.0.2").launcher(java.util.List.of("env")).build();
    try (NatsServer server = NatsServer.start(options);
      Connection nc = Nats.connect(server.url())) {
      assertThat(server.url()).startsWith("nats://127.0.0.2:");
      assertThat(server.monitorUrl()).startsWith("http://127.0.0.2:");
      assertThat(nc.getServerInfo().getHost()).isEqualTo("127.0.0.2");
      assertThat(Files.readString(server.logFile())).contains("starting env ");

      server.kill();

      assertThat(server.isRunning()).isFalse();
      awaitTrue(() -> nc.getStatus() != Connection.Status.CONNECTED, "client notices the kill of the exec'd server");
    }
  }

  @Test
  void hostMustBeAnIpv4Address() {
    assertThatThrownBy(() -> NatsServerOptions.builder().host("localhost").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host must be an IPv4 address");
  }

  private static String httpGet(String url) throws Exception {
    return HttpClient.newHttpClient()
        .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
        .body();
  }

  static void awaitTrue(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      NatsServer.pause(Duration.ofMillis(20));
    }
  }
}
