package dev.natsaga.natsconfig;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.natsaga.framework.config.NatsagaOptions;
import dev.natsaga.framework.config.Settings;
import dev.natsaga.framework.stream.StreamProvisioner;
import dev.natsaga.test.nats.NatsServer;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One source of truth: {@code streams/*.json} (for {@code nats stream add --config}) equal, field by
 * field, what the framework provisions for env {@code dev} with its default settings. Change one,
 * and this test says which field of which file to change in the other.
 */
class StreamDefinitionsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The keys a definition may use: the stream config fields natsaga decides, plus explicit "no limit" defaults. */
  private static final Set<String> KNOWN_KEYS = Set.of("name", "subjects", "retention", "storage", "num_replicas",
      "discard", "max_age", "max_bytes", "max_msgs", "max_msgs_per_subject", "max_msg_size", "max_consumers",
      "duplicate_window");

  /** The framework's wanted configuration (the settings' defaults, as a service without NATS_STREAM_* set gets). */
  private static final StreamProvisioner FRAMEWORK = provisioner();

  static Stream<String> definitions() {
    return Stream.of("DEV_BOOKING", "DEV_PAYMENT", "DEV_DLQ");
  }

  static StreamConfiguration wanted(String name) {
    return switch (name) {
      case "DEV_BOOKING" -> FRAMEWORK.domainStream("booking");
      case "DEV_PAYMENT" -> FRAMEWORK.domainStream("payment");
      case "DEV_DLQ" -> FRAMEWORK.deadLetterStream();
      default -> throw new IllegalArgumentException(name);
    };
  }

  @Test
  void the_folder_holds_exactly_the_three_definitions() throws IOException {
    try (Stream<Path> files = Files.list(NatsConfigFiles.dir().resolve("streams"))) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("DEV_BOOKING.json", "DEV_PAYMENT.json", "DEV_DLQ.json");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("definitions")
  void every_field_the_framework_sets_is_in_the_file_with_the_same_value(String name) throws IOException {
    Map<String, JsonNode> file = fields(read(name));
    Map<String, JsonNode> framework = fields(JSON.readTree(wanted(name).toJson()));

    assertThat(framework.keySet()).as("fields the framework sets; each must be in streams/%s.json", name)
        .contains("name", "subjects", "retention", "storage", "num_replicas", "discard", "max_age", "duplicate_window");
    framework.forEach((field, value) ->
        assertThat(file.get(field)).as("streams/%s.json field '%s' (framework provisions %s)", name, field, value).isEqualTo(value));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("definitions")
  void every_field_in_the_file_is_known_and_means_what_the_framework_provisions(String name) throws IOException {
    JsonNode file = read(name);
    assertThat(fields(file).keySet()).as("fields of streams/%s.json", name).isSubsetOf(KNOWN_KEYS);
    assertThat(file.path("name").asText()).isEqualTo(name);
    assertThat(file.path("max_bytes").asLong()).as("max_bytes (NATS_STREAM_MAX_BYTES -1: no limit)")
        .isEqualTo(wanted(name).getMaxBytes());
    for (String noLimit : List.of("max_msgs", "max_msgs_per_subject", "max_msg_size", "max_consumers")) {
      assertThat(file.path(noLimit).asLong()).as("%s: the framework sets no limit", noLimit).isEqualTo(-1);
    }
    // read back by jnats, the file is exactly the framework's configuration (defaults included)
    StreamConfiguration parsed = StreamConfiguration.instance(file.toString());
    assertThat(fields(JSON.readTree(parsed.toJson()))).isEqualTo(fields(JSON.readTree(wanted(name).toJson())));
  }

  /**
   * Created from the file as {@code nats stream add --config} does (the file is the body of
   * {@code $JS.API.STREAM.CREATE.<name>}), the framework's idempotent provisioning then finds the
   * stream it wants: no {@code StreamConflictException}, nothing changed.
   */
  @Test
  void streams_created_from_the_files_satisfy_the_framework() throws Exception {
    try (NatsServer server = NatsServer.start(); Connection nc = Nats.connect(server.url())) {
      for (String name : definitions().toList()) {
        Message reply = nc.request("$JS.API.STREAM.CREATE." + name, Files.readAllBytes(file(name)), Duration.ofSeconds(5));
        JsonNode answer = JSON.readTree(reply.getData());
        assertThat(answer.has("error")).as("server answer to creating %s: %s", name, answer).isFalse();
      }
      StreamProvisioner provisioner = new StreamProvisioner(nc.jetStreamManagement(), NatsagaOptions.builder().build().environment(),
          NatsagaOptions.builder().build().streams(), NatsagaOptions.builder().build().deadLetterStream());
      assertThat(provisioner.ensureDomain("booking").getStreamState().getMsgCount()).isZero();
      assertThat(provisioner.ensureDomain("payment").getConfiguration().getSubjects()).containsExactly("dev.payment.>");
      assertThat(provisioner.ensureDeadLetters().getConfiguration().getMaxAge()).isEqualTo(Duration.ofDays(30));
    }
  }

  private static StreamProvisioner provisioner() {
    // Settings with nothing set: the documented defaults (APP_ENV dev, file, R1, 7d / DLQ 30d, -1, 2m)
    NatsagaOptions options = NatsagaOptions.from(Settings.of(Map.of()));
    // domainStream()/deadLetterStream() only build configuration; no connection is needed
    return new StreamProvisioner(null, options.environment(), options.streams(), options.deadLetterStream());
  }

  private static Path file(String name) {
    return NatsConfigFiles.file("streams/" + name + ".json");
  }

  private static JsonNode read(String name) throws IOException {
    return JSON.readTree(file(name).toFile());
  }

  private static Map<String, JsonNode> fields(JsonNode node) {
    Map<String, JsonNode> map = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      map.put(e.getKey(), e.getValue());
    }
    return map;
  }
}
