package dev.natsaga.sample.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.natsaga.test.nats.NatsServer;
import dev.natsaga.test.nats.NatsServerOptions;
import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.JetStream;
import io.nats.client.JetStreamOptions;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.StreamInfoOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The samples on the repository's secured server config, {@code nats-config/secure.conf} ({@code dev.conf} +
 * {@code accounts.conf}, included unchanged; client and monitoring ports are the harness's free-port flags, and
 * {@code store_dir: ./data/nats} lands in the server's temporary folder). Each service runs as a separate JVM process
 * as its own user ({@code NATS_USER}/{@code NATS_PASSWORD} as in {@code accounts.conf}): the demo's three bookings
 * pass, so the per-service permissions are sufficient for the real samples, and neither service's connection reports a
 * permission violation. A service's user is refused when it publishes another domain's events: booking-service
 * forging a payment reply ({@code payment.transaction.authorized.v1}), payment-service a booking event; the server
 * reports the violation, the JetStream publish gets no ack, and nothing is stored.
 */
class BookingAccountsEndToEndTest {

  private static final String ENV = "accounts";
  private static final Map<String, String> PASSWORDS = Map.of("booking-service", "booking-dev-password",
      "payment-service", "payment-dev-password", "natsaga-admin", "admin-dev-password");

  private static NatsServer server;
  private static SampleServices services;

  @BeforeAll
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  static void startSecureServerAndServices() throws Exception {
    // JetStream comes from the file (dev.conf's jetstream block), not the harness's -js/-sd flags
    server = NatsServer.start(NatsServerOptions.builder().configFile(RepoNatsConfig.file("secure.conf")).jetStream(false).build());
    Map<String, String> common = Map.of("NATS_URL", server.url(), "APP_ENV", ENV, "NATSAGA_LOG_LEVEL", "INFO");
    services = SampleServices.start("e2e-accounts", common,
        Map.of("NATS_USER", "payment-service", "NATS_PASSWORD", PASSWORDS.get("payment-service")),
        Map.of("NATS_USER", "booking-service", "NATS_PASSWORD", PASSWORDS.get("booking-service")),
        Duration.ofSeconds(60));
  }

  @AfterAll
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  static void stopEverything() throws Exception {
    List<String> unclean = new ArrayList<>();
    try {
      if (services != null) {
        unclean = services.stop(Duration.ofSeconds(20));
      }
    } finally {
      if (server != null) {
        server.close();
      }
    }
    assertThat(unclean).as("services stop cleanly on SIGTERM").isEmpty();
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void theDemoBookingsPassWithEachServiceAsItsOwnUser() throws Exception {
    DemoBookings.run(services, Duration.ofSeconds(30));

    assertThat(services.logs()).as("no permission violation reported to either service")
        .doesNotContainIgnoringCase("Permissions Violation").doesNotContainIgnoringCase("Authorization Violation");
    assertThat(Http.get(services.booking.url("/health")).text("nats")).isEqualTo("UP");
    assertThat(Http.get(services.payment.url("/health")).text("nats")).isEqualTo("UP");
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void aServiceUserIsRefusedWhenItPublishesAnotherDomainsEvents() throws Exception {
    // booking-service forging the payment service's reply: it would confirm a booking nobody paid for
    refused("booking-service", "ACCOUNTS_PAYMENT", ENV + ".payment.transaction.authorized.v1");
    // and the other way round: payment-service announcing a booking
    refused("payment-service", "ACCOUNTS_BOOKING", ENV + ".booking.appointment.confirmed.v1");
  }

  /** {@code user} publishes on {@code subject}: the server refuses it and {@code stream} stores nothing on it. */
  private static void refused(String user, String stream, String subject) throws Exception {
    long before = stored(stream, subject);
    List<String> errors = new CopyOnWriteArrayList<>();
    try (Connection nc = Nats.connect(Options.builder().server(server.url()).userInfo(user, PASSWORDS.get(user))
        .errorListener(new ErrorListener() {
          @Override
          public void errorOccurred(Connection conn, String error) {
            errors.add(error);
          }
        }).build())) {
      byte[] event = ("{\"bookingId\":\"forged-by-" + user + "\"}").getBytes(StandardCharsets.UTF_8);

      // a JetStream publish, as the framework's publisher does it: no ack ever comes
      JetStream js = nc.jetStream(JetStreamOptions.builder().requestTimeout(Duration.ofSeconds(2)).build());
      assertThatThrownBy(() -> js.publish(subject, event)).as(user + " publishing " + subject).isInstanceOf(Exception.class);
      // a core publish: the server says why
      nc.publish(subject, event);
      nc.flush(Duration.ofSeconds(2));
      String expected = "Permissions Violation for Publish to \"" + subject + "\"";
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
          assertThat(errors).anySatisfy(e -> assertThat(e).containsIgnoringCase(expected)));
      assertThat(nc.getStatus()).as("a refused publish does not cost the connection").isEqualTo(Connection.Status.CONNECTED);
    }
    Thread.sleep(500);
    assertThat(stored(stream, subject)).as("nothing stored on " + subject + " by " + user).isEqualTo(before);
  }

  /** Messages {@code stream} holds on {@code subject}, read by the operator's user. */
  private static long stored(String stream, String subject) throws Exception {
    try (Connection admin = Nats.connect(Options.builder().server(server.url())
        .userInfo("natsaga-admin", PASSWORDS.get("natsaga-admin")).build())) {
      return admin.jetStreamManagement().getStreamInfo(stream, StreamInfoOptions.filterSubjects(subject))
          .getStreamState().getSubjectMap().getOrDefault(subject, 0L);
    }
  }
}
