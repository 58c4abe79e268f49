package dev.natsaga.framework.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.natsaga.framework.EventType;
import dev.natsaga.framework.HandlerRegistration;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.PublishResult;
import dev.natsaga.test.nats.NatsServerExtension;
import dev.natsaga.test.nats.NatsServerOptions;
import io.nats.client.NKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Credentials from settings, end to end against nats-servers that require them. */
class AuthenticationTest {

  @RegisterExtension
  static final NatsServerExtension USER_AUTH = NatsServerExtension.singleNode(NatsServerOptions.builder()
      .configLines("authorization {", "  users = [ { user: alice, password: \"s3cret\" } ]", "}").build());

  @RegisterExtension
  static final NatsServerExtension TOKEN_AUTH = NatsServerExtension.singleNode(NatsServerOptions.builder()
      .configLine("authorization { token: \"t0ken-abc\" }").build());

  /** A user NKey made for this run: the server knows its public key, the service reads its seed from a file. */
  static final NKey USER_NKEY = newUserNKey();

  @RegisterExtension
  static final NatsServerExtension NKEY_AUTH = NatsServerExtension.singleNode(NatsServerOptions.builder()
      .configLines("authorization {", "  users = [ { nkey: " + publicKey(USER_NKEY) + " } ]", "}").build());

  static final String CONFIRMED = "booking.appointment.confirmed.v1";

  static NKey newUserNKey() {
    try {
      return NKey.createUser(null);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot create a user NKey", e);
    }
  }

  static String publicKey(NKey key) {
    try {
      return new String(key.getPublicKey());
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot read the NKey's public key", e);
    }
  }

  static Path seedFile(NKey key) throws IOException {
    Path file = Files.createTempFile("natsaga-nkey", ".seed");
    file.toFile().deleteOnExit();
    Files.writeString(file, new String(key.getSeed()) + "\n");
    return file;
  }

  record Booking(String bookingId) {
  }

  static Map<String, String> settings(String url, String... more) {
    Map<String, String> s = new HashMap<>();
    s.put("NATS_URL", url);
    s.put("APP_ENV", "a" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36));
    s.put("SERVICE_NAME", "auth-service");
    s.put("NATS_CONNECT_TIMEOUT", "2s");
    s.put("NATS_SHUTDOWN_TIMEOUT", "5s");
    for (int i = 0; i < more.length; i += 2) {
      s.put(more[i], more[i + 1]);
    }
    return s;
  }

  /** Starts a runtime with a handler from the settings, publishes one event and awaits it. */
  static void publishesAndHandles(Map<String, String> settings) throws Exception {
    BlockingQueue<String> handled = new ArrayBlockingQueue<>(10);
    NatsagaOptions options = NatsagaOptions.from(Settings.of(settings));
    try (Natsaga natsaga = Natsaga.builder(options)
        .handler(HandlerRegistration.onEvent(CONFIRMED, Booking.class, e -> handled.add(e.data().bookingId())).build())
        .build().start()) {
      PublishResult r = natsaga.publisher().publish(CONFIRMED, new Booking("b-auth"));
      assertThat(r.stream()).isEqualTo(options.environment().streamName(EventType.parse(CONFIRMED).domain()));
      assertThat(handled.poll(10, TimeUnit.SECONDS)).isEqualTo("b-auth");
    }
  }

  @Test
  void userAndPasswordFromSettingsConnectPublishAndConsume() throws Exception {
    publishesAndHandles(settings(USER_AUTH.url(), "NATS_USER", "alice", "NATS_PASSWORD", "s3cret"));
  }

  @Test
  void aWrongPasswordFailsStartNamingNatsUrlAndAuthorization() {
    Natsaga natsaga = Natsaga.builder(NatsagaOptions.from(Settings.of(
        settings(USER_AUTH.url(), "NATS_USER", "alice", "NATS_PASSWORD", "wrong")))).build();
    assertThatThrownBy(natsaga::start)
        .isInstanceOf(IOException.class)
        .hasMessageContaining("NATS_URL")
        .hasMessageContaining(USER_AUTH.url())
        .hasMessageContainingAll("uthorization");
  }

  @Test
  void noCredentialsFailStartWhenTheServerRequiresThem() {
    Natsaga natsaga = Natsaga.builder(NatsagaOptions.from(Settings.of(settings(USER_AUTH.url())))).build();
    assertThatThrownBy(natsaga::start).isInstanceOf(IOException.class).hasMessageContaining("NATS_URL")
        .hasMessageContaining("uthorization");
  }

  @Test
  void nkeySeedFileFromSettingsConnectsPublishesAndConsumes() throws Exception {
    publishesAndHandles(settings(NKEY_AUTH.url(), "NATS_NKEY_FILE", seedFile(USER_NKEY).toString()));
  }

  @Test
  void anNKeyTheServerDoesNotKnowFailsStartNamingNatsUrl() throws Exception {
    Natsaga natsaga = Natsaga.builder(NatsagaOptions.from(Settings.of(
        settings(NKEY_AUTH.url(), "NATS_NKEY_FILE", seedFile(newUserNKey()).toString())))).build();
    assertThatThrownBy(natsaga::start).isInstanceOf(IOException.class).hasMessageContaining("NATS_URL")
        .hasMessageContaining("uthorization");
  }

  @Test
  void tokenFromSettingsConnectsPublishesAndConsumes() throws Exception {
    publishesAndHandles(settings(TOKEN_AUTH.url(), "NATS_TOKEN", "t0ken-abc"));
  }

  @Test
  void aWrongTokenFailsStartNamingNatsUrl() {
    Natsaga natsaga = Natsaga.builder(NatsagaOptions.from(Settings.of(settings(TOKEN_AUTH.url(), "NATS_TOKEN", "nope")))).build();
    assertThatThrownBy(natsaga::start).isInstanceOf(IOException.class).hasMessageContaining("NATS_URL")
        .hasMessageContaining("uthorization");
  }
}
