package dev.natsaga.natsconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.natsaga.framework.config.NatsagaOptions;
import dev.natsaga.framework.config.Settings;
import dev.natsaga.test.nats.NatsServer;
import dev.natsaga.test.nats.NatsServerOptions;
import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The users of {@code accounts.conf} on a real nats-server started from {@code secure.conf}
 * (dev.conf + accounts.conf): framework settings and raw connections as each of them, and how to
 * observe a refusal (the server's {@code Permissions Violation} error on the connection).
 */
final class ServiceUsers {

  static final String BOOKING = "booking-service";
  static final String PAYMENT = "payment-service";
  static final String ADMIN = "natsaga-admin";
  static final Map<String, String> PASSWORDS = Map.of(BOOKING, "booking-dev-password", PAYMENT, "payment-dev-password",
      ADMIN, "admin-dev-password");

  private ServiceUsers() {
  }

  /** A server from secure.conf; JetStream comes from the file, not the harness's flags. */
  static NatsServer startSecureServer() {
    return NatsServer.start(NatsServerOptions.builder()
        .configFile(NatsConfigFiles.file("secure.conf")).jetStream(false).build());
  }

  /** A service's settings exactly as deployed: NATS_USER / NATS_PASSWORD and the rest. */
  static NatsagaOptions options(NatsServer server, String service, String env) {
    return options(server.url(), service, env, Map.of());
  }

  /** The same for the servers of {@code url} (a NATS_URL), with {@code more} settings on top. */
  static NatsagaOptions options(String url, String service, String env, Map<String, String> more) {
    Map<String, String> settings = new HashMap<>(Map.of(
        "NATS_URL", url, "APP_ENV", env, "SERVICE_NAME", service,
        "NATS_USER", service, "NATS_PASSWORD", PASSWORDS.get(service),
        "NATS_SHUTDOWN_TIMEOUT", "5s", "NATS_CONSUMER_MAX_DELIVER", "2", "NATS_CONSUMER_BACKOFF_INITIAL", "100ms"));
    settings.putAll(more);
    return NatsagaOptions.from(Settings.of(settings));
  }

  /** A raw jnats connection as {@code user} whose server errors go to {@code errors}. */
  static Connection connect(NatsServer server, String user, List<String> errors) throws IOException, InterruptedException {
    return connect(server.url(), user, errors);
  }

  /** The same for the server at {@code url}. */
  static Connection connect(String url, String user, List<String> errors) throws IOException, InterruptedException {
    return Nats.connect(Options.builder().server(url).userInfo(user, PASSWORDS.get(user))
        .errorListener(new ErrorListener() {
          @Override
          public void errorOccurred(Connection conn, String error) {
            errors.add(error);
          }
        }).build());
  }

  /** Publishes on {@code subject} and waits for the server to refuse it. */
  static void refused(Connection nc, List<String> errors, String subject) throws Exception {
    nc.publish(subject, data());
    nc.flush(Duration.ofSeconds(2));
    awaitError(errors, "Permissions Violation for Publish to \"" + subject + "\"");
  }

  static void awaitError(List<String> errors, String expected) {
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(errors).anySatisfy(e -> assertThat(e).containsIgnoringCase(expected)));
  }

  static byte[] data() {
    return "{}".getBytes(StandardCharsets.UTF_8);
  }
}
