package dev.natsaga.natsconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.framework.PublishResult;
import dev.natsaga.framework.config.NatsagaOptions;
import dev.natsaga.test.nats.NatsServer;
import dev.natsaga.test.nats.NatsServerOptions;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code dev.conf} on a real nats-server: the harness starts it with JetStream off on the command
 * line, so the server is ready only because the file enables JetStream. Address, ports and name
 * are the harness's flags; everything else (limits, fsync, store folder) is the file's.
 */
class DevServerTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int ONE_MIB = 1024 * 1024;
  private static NatsServer server;

  @BeforeAll
  static void start() {
    server = NatsServer.start(NatsServerOptions.builder()
        .configFile(NatsConfigFiles.file("dev.conf"))
        .jetStream(false)            // no -js / -sd: the file's jetstream block must do it
        .build());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void jetstream_runs_with_the_files_limits_and_fsync_always() throws Exception {
    JsonNode varz = monitor("/varz");
    JsonNode js = varz.path("jetstream").path("config");

    assertThat(js.path("sync_always").asBoolean()).as("sync_interval: always").isTrue();
    assertThat(js.path("max_memory").asLong()).isEqualTo(256L * ONE_MIB);
    assertThat(js.path("max_storage").asLong()).isEqualTo(10L * 1024 * ONE_MIB);
    // store_dir ./data/nats is relative to the folder the server was started from
    assertThat(Path.of(js.path("store_dir").asText())).isEqualTo(Path.of("data/nats/jetstream"));
    assertThat(varz.path("max_payload").asInt()).isEqualTo(ONE_MIB);
    assertThat(varz.path("server_name").asText()).isEqualTo(server.name());
  }

  @Test
  void the_framework_provisions_publishes_and_an_acknowledged_event_survives_kill_9() throws Exception {
    PublishResult before;
    try (Natsaga natsaga = natsaga("devconf").domains("booking").build().start()) {
      before = natsaga.publisher().publish(OutgoingEvent.event("booking.appointment.confirmed.v1", Map.of("bookingId", "b-1")).build());
      assertThat(before.stream()).isEqualTo("DEVCONF_BOOKING");
    }

    server.kill();       // SIGKILL; with sync_interval always the ack came after the fsync
    server.restart();

    try (Connection nc = Nats.connect(server.url())) {
      assertThat(nc.jetStreamManagement().getStreamInfo("DEVCONF_BOOKING").getStreamState().getLastSequence())
          .isEqualTo(before.sequence());
    }
  }

  /**
   * max_payload 1MB (1,048,576 bytes, payload plus headers): an event with 1,000,000 bytes of data
   * fits with its envelope; one whose data alone is 1 MiB is refused before it reaches the server,
   * at once (default publisher settings: it is not a transient failure to retry).
   */
  @Test
  void a_one_megabyte_event_is_accepted_and_a_one_mebibyte_event_is_refused() throws Exception {
    try (Natsaga natsaga = natsaga("payload").domains("booking").build().start()) {
      PublishResult fits = natsaga.publisher().publish(
          OutgoingEvent.event("booking.document.attached.v1", Map.of("blob", "x".repeat(1_000_000))).build());
      assertThat(fits.sequence()).isEqualTo(1);

      assertThatThrownBy(() -> natsaga.publisher().publish(
          OutgoingEvent.event("booking.document.attached.v1", Map.of("blob", "x".repeat(ONE_MIB))).build()))
          .hasStackTraceContaining("payload size exceed server configuration").hasStackTraceContaining("vs 1048576");
      assertThat(natsaga.connection().jetStreamManagement().getStreamInfo("PAYLOAD_BOOKING")
          .getStreamState().getMsgCount()).isEqualTo(1);
    }
  }

  private static Natsaga.Builder natsaga(String env) {
    return Natsaga.builder(NatsagaOptions.builder()
        .natsUrl(server.url())
        .environment(env)
        .serviceName("booking-service")
        .shutdownTimeout(Duration.ofSeconds(5))
        .build());
  }

  private static JsonNode monitor(String path) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(server.monitorUrl() + path)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return JSON.readTree(response.body());
  }
}
