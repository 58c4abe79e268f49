package dev.natsaga.framework.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.natsaga.framework.ContentMode;
import io.nats.client.api.StorageType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every documented setting: bad values fail with a {@link ConfigException} naming the setting; good ones parse. */
class SettingsValidationTest {

  static Stream<Arguments> badSettings() {
    return Stream.of(
        bad("APP_ENV", Map.of("APP_ENV", "Prod Env")),
        bad("NATS_URL", Map.of("NATS_URL", "localhost:4222")),
        bad("NATS_URL", Map.of("NATS_URL", "nats://ok:4222,localhost:4223")),
        bad("SERVICE_NAME", Map.of("SERVICE_NAME", "my service")),
        bad("NATS_CONSUMER_MAX_DELIVER", Map.of("NATS_CONSUMER_MAX_DELIVER", "0")),
        bad("NATS_CONSUMER_MAX_DELIVER", Map.of("NATS_CONSUMER_MAX_DELIVER", "five")),
        bad("NATS_CONSUMER_ACK_WAIT", Map.of("NATS_CONSUMER_ACK_WAIT", "500ms")),
        bad("NATS_CONSUMER_CONCURRENCY", Map.of("NATS_CONSUMER_CONCURRENCY", "1000")),
        bad("NATS_CONSUMER_BACKOFF_MAX", Map.of("NATS_CONSUMER_BACKOFF_INITIAL", "10s", "NATS_CONSUMER_BACKOFF_MAX", "1s")),
        bad("NATS_PUBLISH_TIMEOUT", Map.of("NATS_PUBLISH_TIMEOUT", "fast")),
        bad("NATS_PUBLISH_TIMEOUT", Map.of("NATS_PUBLISH_TIMEOUT", "10ms")),
        bad("NATS_PUBLISH_ATTEMPTS", Map.of("NATS_PUBLISH_ATTEMPTS", "0")),
        bad("NATS_CONTENT_MODE", Map.of("NATS_CONTENT_MODE", "xml")),
        bad("NATS_STREAM_REPLICAS", Map.of("NATS_STREAM_REPLICAS", "7")),
        bad("NATS_STREAM_STORAGE", Map.of("NATS_STREAM_STORAGE", "disk")),
        bad("NATS_STREAM_MAX_BYTES", Map.of("NATS_STREAM_MAX_BYTES", "0")),
        bad("NATS_STREAM_DUPLICATE_WINDOW", Map.of("NATS_STREAM_MAX_AGE", "1m", "NATS_STREAM_DUPLICATE_WINDOW", "5m")),
        bad("NATS_STREAM_MAX_AGE", Map.of("NATS_STREAM_MAX_AGE", "-1d")),
        bad("NATS_CREDS_FILE", Map.of("NATS_CREDS_FILE", "/no/such/dir/service.creds")),
        bad("NATS_NKEY_FILE", Map.of("NATS_NKEY_FILE", "/no/such/dir/user.nk")),
        bad("NATS_TLS_TRUSTSTORE", Map.of("NATS_TLS_TRUSTSTORE", "/no/such/dir/trust.p12")),
        bad("NATS_TLS", Map.of("NATS_TLS", "maybe")),
        bad("NATS_PASSWORD", Map.of("NATS_USER", "alice")),
        bad("NATS_TOKEN", Map.of("NATS_TOKEN", "t0ken", "NATS_USER", "alice", "NATS_PASSWORD", "pw")),
        bad("NATS_MAX_RECONNECTS", Map.of("NATS_MAX_RECONNECTS", "-2")),
        bad("NATS_RECONNECT_WAIT", Map.of("NATS_RECONNECT_WAIT", "soon")),
        bad("NATS_IDEMPOTENCY_TTL", Map.of("NATS_IDEMPOTENCY_TTL", "0s")),
        bad("NATS_SHUTDOWN_TIMEOUT", Map.of("NATS_SHUTDOWN_TIMEOUT", "1.5s")),
        bad("NATS_PROVISION_STREAMS", Map.of("NATS_PROVISION_STREAMS", "sometimes")));
  }

  private static Arguments bad(String named, Map<String, String> settings) {
    return Arguments.of(named, settings);
  }

  @ParameterizedTest(name = "{1} fails naming {0}")
  @MethodSource("badSettings")
  void aBadSettingFailsNamingIt(String named, Map<String, String> settings) {
    assertThatThrownBy(() -> NatsagaOptions.from(Settings.of(settings)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(named);
  }

  @Test
  void messagesSayWhatIsAllowed() {
    assertThatThrownBy(() -> NatsagaOptions.from(Settings.of(Map.of("NATS_URL", "localhost:4222"))))
        .hasMessage("invalid setting NATS_URL='localhost:4222': each server must look like nats://host:port (schemes nats, tls, ws, wss)");
    assertThatThrownBy(() -> NatsagaOptions.from(Settings.of(Map.of("NATS_USER", "alice"))))
        .hasMessageContaining("NATS_PASSWORD").hasMessageContaining("required when NATS_USER is set");
    assertThatThrownBy(() -> NatsagaOptions.from(Settings.of(Map.of("NATS_TOKEN", "t", "NATS_USER", "u", "NATS_PASSWORD", "p"))))
        .hasMessageContaining("NATS_USER").hasMessageContaining("NATS_TOKEN").hasMessageContaining("only one way");
    assertThatThrownBy(() -> NatsagaOptions.from(Settings.of(Map.of("NATS_STREAM_STORAGE", "disk"))))
        .hasMessageContaining("file").hasMessageContaining("memory");
    assertThatThrownBy(() -> NatsagaOptions.from(Settings.of(Map.of("NATS_CREDS_FILE", "/no/such/dir/service.creds"))))
        .hasMessageContaining("/no/such/dir/service.creds").hasMessageContaining("does not exist");
  }

  @Test
  void nothingSetGivesTheDocumentedDefaults() {
    NatsagaOptions o = NatsagaOptions.from(Settings.of(Map.of()));
    assertThat(o.serviceName()).isEqualTo("natsaga-service");
    assertThat(o.environment().name()).isEqualTo("dev");
    assertThat(o.connection().url()).isEqualTo("nats://127.0.0.1:4222");
    assertThat(o.connection().maxReconnects()).isEqualTo(-1);
    assertThat(o.connection().usesTls()).isFalse();
    assertThat(o.consumers()).isEqualTo(ConsumerOptions.defaults());
    assertThat(o.publisher()).isEqualTo(PublisherOptions.defaults());
    assertThat(o.streams()).isEqualTo(StreamOptions.defaults());
    assertThat(o.deadLetterStream().maxAge()).isEqualTo(Duration.ofDays(30));
    assertThat(o.idempotencyTtl()).isEqualTo(Duration.ofHours(24));
    assertThat(o.shutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(o.provisionStreams()).isTrue();
  }

  @Test
  void validSettingsParseToTheirValues(@TempDir Path dir) throws Exception {
    Path trust = Files.writeString(dir.resolve("trust.p12"), "not read until connect");
    Map<String, String> s = new HashMap<>();
    s.put("APP_ENV", "prod");
    s.put("SERVICE_NAME", "payment-service");
    s.put("NATS_URL", "nats://nats-1:4222, nats://nats-2:4222");
    s.put("NATS_USER", "alice");
    s.put("NATS_PASSWORD", "s3cret");
    s.put("NATS_TLS_TRUSTSTORE", trust.toString());
    s.put("NATS_TLS_TRUSTSTORE_PASSWORD", "changeit");
    s.put("NATS_MAX_RECONNECTS", "10");
    s.put("NATS_RECONNECT_WAIT", "500ms");
    s.put("NATS_CONNECT_TIMEOUT", "PT2S");
    s.put("NATS_PUBLISH_TIMEOUT", "500ms");
    s.put("NATS_PUBLISH_ATTEMPTS", "3");
    s.put("NATS_CONTENT_MODE", "BINARY");
    s.put("NATS_CONSUMER_MAX_DELIVER", "7");
    s.put("NATS_CONSUMER_ACK_WAIT", "30s");
    s.put("NATS_CONSUMER_CONCURRENCY", "16");
    s.put("NATS_CONSUMER_MAX_ACK_PENDING", "500");
    s.put("NATS_STREAM_STORAGE", "memory");
    s.put("NATS_STREAM_REPLICAS", "3");
    s.put("NATS_STREAM_MAX_AGE", "7d");
    s.put("NATS_STREAM_MAX_BYTES", "1073741824");
    s.put("NATS_STREAM_DUPLICATE_WINDOW", "5m");
    s.put("NATS_DLQ_MAX_AGE", "90d");
    s.put("NATS_IDEMPOTENCY_TTL", "2h");
    s.put("NATS_SHUTDOWN_TIMEOUT", "PT1M");
    s.put("NATS_PROVISION_STREAMS", "no");

    NatsagaOptions o = NatsagaOptions.from(Settings.of(s));

    assertThat(o.environment().name()).isEqualTo("prod");
    assertThat(o.serviceName()).isEqualTo("payment-service");
    ConnectionOptions c = o.connection();
    assertThat(c.url()).isEqualTo("nats://nats-1:4222, nats://nats-2:4222");
    assertThat(c.user()).isEqualTo("alice");
    assertThat(c.password()).isEqualTo("s3cret");
    assertThat(c.trustStore()).isEqualTo(trust);
    assertThat(c.usesTls()).isTrue();
    assertThat(c.maxReconnects()).isEqualTo(10);
    assertThat(c.reconnectWait()).isEqualTo(Duration.ofMillis(500));
    assertThat(c.connectionTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.toString()).doesNotContain("s3cret");
    assertThat(o.publisher().ackTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(o.publisher().attempts()).isEqualTo(3);
    assertThat(o.publisher().contentMode()).isEqualTo(ContentMode.BINARY);
    assertThat(o.consumers().maxDeliver()).isEqualTo(7);
    assertThat(o.consumers().ackWait()).isEqualTo(Duration.ofSeconds(30));
    assertThat(o.consumers().concurrency()).isEqualTo(16);
    assertThat(o.consumers().maxAckPending()).isEqualTo(500);
    assertThat(o.streams().storage()).isEqualTo(StorageType.Memory);
    assertThat(o.streams().replicas()).isEqualTo(3);
    assertThat(o.streams().maxAge()).isEqualTo(Duration.ofDays(7));
    assertThat(o.streams().maxBytes()).isEqualTo(1L << 30);
    assertThat(o.streams().duplicateWindow()).isEqualTo(Duration.ofMinutes(5));
    assertThat(o.deadLetterStream().maxAge()).isEqualTo(Duration.ofDays(90));
    assertThat(o.deadLetterStream().storage()).isEqualTo(StorageType.Memory);
    assertThat(o.idempotencyTtl()).isEqualTo(Duration.ofHours(2));
    assertThat(o.shutdownTimeout()).isEqualTo(Duration.ofMinutes(1));
    assertThat(o.provisionStreams()).isFalse();
  }

  @Test
  void durationsAcceptUnitsAndIso8601() {
    assertThat(Settings.parseDuration("X", "500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Settings.parseDuration("X", "30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(Settings.parseDuration("X", "5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(Settings.parseDuration("X", "2h")).isEqualTo(Duration.ofHours(2));
    assertThat(Settings.parseDuration("X", "7d")).isEqualTo(Duration.ofDays(7));
    assertThat(Settings.parseDuration("X", "PT1M")).isEqualTo(Duration.ofMinutes(1));
    assertThat(Settings.parseDuration("X", "pt1m30s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Settings.parseDuration("X", "P1D")).isEqualTo(Duration.ofDays(1));
    assertThat(Settings.parseDuration("X", "0s")).isZero();
    for (String bad : new String[] {"fast", "30", "30 s", "1.5s", "-5s", "PT", "ms", "3w"}) {
      assertThatThrownBy(() -> Settings.parseDuration("NATS_PUBLISH_TIMEOUT", bad))
          .as(bad).isInstanceOf(ConfigException.class).hasMessageContaining("NATS_PUBLISH_TIMEOUT").hasMessageContaining(bad);
    }
  }

  @Test
  void blankValuesCountAsUnsetAndValuesAreTrimmed() {
    NatsagaOptions o = NatsagaOptions.from(Settings.of(Map.of("APP_ENV", "  ", "SERVICE_NAME", " trimmed-service ")));
    assertThat(o.environment().name()).isEqualTo("dev");
    assertThat(o.serviceName()).isEqualTo("trimmed-service");
  }

  @Test
  void aSystemPropertyOverridesTheEnvironmentVariableOfTheSameName() {
    String name = System.getenv().containsKey("HOME") ? "HOME" : "PATH";
    String fromEnv = System.getenv(name);
    assertThat(fromEnv).as("the test needs %s in the environment", name).isNotBlank();
    System.setProperty(name, "/from/system/property");
    try {
      assertThat(Settings.fromEnvironment().get(name)).contains("/from/system/property");
    } finally {
      System.clearProperty(name);
    }
    assertThat(Settings.fromEnvironment().get(name)).contains(fromEnv.trim());
  }

  @Test
  void fromEnvironmentReadsSystemProperties() {
    System.setProperty("SERVICE_NAME", "property-service");
    System.setProperty("NATS_CONSUMER_MAX_DELIVER", "9");
    try {
      NatsagaOptions o = NatsagaOptions.fromEnvironment();
      assertThat(o.serviceName()).isEqualTo("property-service");
      assertThat(o.consumers().maxDeliver()).isEqualTo(9);
      System.setProperty("NATS_STREAM_REPLICAS", "7");
      assertThatThrownBy(NatsagaOptions::fromEnvironment).isInstanceOf(ConfigException.class).hasMessageContaining("NATS_STREAM_REPLICAS");
    } finally {
      System.clearProperty("SERVICE_NAME");
      System.clearProperty("NATS_CONSUMER_MAX_DELIVER");
      System.clearProperty("NATS_STREAM_REPLICAS");
    }
  }
}
