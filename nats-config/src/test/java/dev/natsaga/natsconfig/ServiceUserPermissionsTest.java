package dev.natsaga.natsconfig;

import static dev.natsaga.natsconfig.ServiceUsers.BOOKING;
import static dev.natsaga.natsconfig.ServiceUsers.PAYMENT;
import static dev.natsaga.natsconfig.ServiceUsers.awaitError;
import static dev.natsaga.natsconfig.ServiceUsers.data;
import static dev.natsaga.natsconfig.ServiceUsers.refused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.natsaga.framework.Natsaga;
import dev.natsaga.test.nats.NatsServer;
import io.nats.client.Connection;
import io.nats.client.ConsumerContext;
import io.nats.client.ErrorListener;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What {@code accounts.conf} allows each service user and what the server refuses, with raw jnats
 * connections in env "qa" (the rules are the same in every env); the streams are made by the
 * framework as booking-service.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServiceUserPermissionsTest {

  private NatsServer server;
  private Natsaga provisioned;
  private Connection booking;
  private Connection payment;
  private final List<String> bookingErrors = new CopyOnWriteArrayList<>();
  private final List<String> paymentErrors = new CopyOnWriteArrayList<>();

  @BeforeAll
  void connectAsEachService() throws Exception {
    server = ServiceUsers.startSecureServer();
    provisioned = Natsaga.builder(ServiceUsers.options(server, BOOKING, "qa")).domains("booking", "payment").build().start();
    booking = ServiceUsers.connect(server, BOOKING, bookingErrors);
    payment = ServiceUsers.connect(server, PAYMENT, paymentErrors);
  }

  @AfterAll
  void closeAll() {
    for (AutoCloseable c : new AutoCloseable[] {booking, payment, provisioned}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception ignored) {
        // closing
      }
    }
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void forgetEarlierErrors() {
    bookingErrors.clear();
    paymentErrors.clear();
  }

  @Test
  void booking_publishes_its_events_and_the_payment_commands() throws Exception {
    assertThat(booking.jetStream().publish("qa.booking.appointment.requested.v1", data()).getStream()).isEqualTo("QA_BOOKING");
    for (String command : List.of("authorize", "capture", "void", "refund")) {
      assertThat(booking.jetStream().publish("qa.payment.transaction." + command + ".v1", data()).getStream()).isEqualTo("QA_PAYMENT");
    }
    assertThat(bookingErrors).isEmpty();
  }

  @Test
  void payment_publishes_its_replies() throws Exception {
    for (String reply : List.of("authorized", "declined", "captured", "voided", "refunded")) {
      assertThat(payment.jetStream().publish("qa.payment.transaction." + reply + ".v1", data()).getStream()).isEqualTo("QA_PAYMENT");
    }
    assertThat(paymentErrors).isEmpty();
  }

  @Test
  void booking_is_refused_publishing_payment_events() throws Exception {
    long before = lastSequence("QA_PAYMENT");
    refused(booking, bookingErrors, "qa.payment.transaction.authorized.v1");
    refused(booking, bookingErrors, "prod.payment.transaction.captured.v1");
    assertThat(lastSequence("QA_PAYMENT")).as("nothing was stored").isEqualTo(before);
  }

  @Test
  void payment_is_refused_publishing_booking_events() throws Exception {
    long before = lastSequence("QA_BOOKING");
    refused(payment, paymentErrors, "qa.booking.appointment.confirmed.v1");
    refused(payment, paymentErrors, "dev.booking.appointment.cancelled.v1");
    assertThat(lastSequence("QA_BOOKING")).as("nothing was stored").isEqualTo(before);
  }

  @Test
  void neither_may_subscribe_to_event_subjects_nor_delete_purge_read_by_sequence_or_snoop_with_a_consumer() throws Exception {
    booking.subscribe("qa.payment.>");
    awaitError(bookingErrors, "Permissions Violation for Subscription to \"qa.payment.>\"");
    refused(payment, paymentErrors, "$JS.API.STREAM.DELETE.QA_BOOKING");
    refused(booking, bookingErrors, "$JS.API.STREAM.PURGE.QA_PAYMENT");
    // a consumer is a way to read: booking may not create one on payment's commands
    refused(booking, bookingErrors, "$JS.API.CONSUMER.CREATE.QA_PAYMENT.snoop.qa.payment.transaction.authorize.v1");
    refused(payment, paymentErrors, "$JS.API.CONSUMER.CREATE.QA_BOOKING.snoop.qa.booking.appointment.confirmed.v1");
    // reading messages by sequence (dead letters included) is for natsaga-admin
    refused(booking, bookingErrors, "$JS.API.STREAM.MSG.GET.QA_DLQ");
    refused(payment, paymentErrors, "$JS.API.STREAM.MSG.DELETE.QA_DLQ");
  }

  /**
   * The one read by sequence a service may do: a message of its own domains' streams (UndeliveredRescue fetches one
   * the client could never parse, to dead-letter it). Named per environment of the policy: {@code *_BOOKING} would
   * match no stream, a wildcard being a whole token only.
   */
  @Test
  void each_service_reads_its_domain_streams_by_sequence_but_not_the_other_domains_or_the_dlq() throws Exception {
    booking.jetStream().publish("qa.booking.appointment.held.v1", data());
    long seq = lastSequence("QA_BOOKING");
    byte[] request = ("{\"seq\":" + seq + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    io.nats.client.Message got = booking.request("$JS.API.STREAM.MSG.GET.QA_BOOKING", request, java.time.Duration.ofSeconds(5));
    assertThat(got).as("an answer from JetStream, not a permission error").isNotNull();
    assertThat(new String(got.getData(), java.nio.charset.StandardCharsets.UTF_8)).contains("\"message\"").doesNotContain("\"error\"");
    assertThat(bookingErrors).isEmpty();
    refused(payment, paymentErrors, "$JS.API.STREAM.MSG.GET.QA_BOOKING");
    refused(booking, bookingErrors, "$JS.API.STREAM.MSG.GET.QA_DLQ");
  }

  /** Consumes and acks by hand, and shows the ack subject the server uses, which $JS.ACK.> covers. */
  @Test
  void each_user_consumes_and_acks_a_message_with_this_server() throws Exception {
    booking.jetStream().publish("qa.booking.appointment.held.v1", data());
    payment.jetStream().publish("qa.payment.transaction.capture.v1", data());   // a command: in payment's stream
    for (Object[] c : new Object[][] {
        {booking, "QA_BOOKING", "qa.booking.appointment.held.v1", bookingErrors},
        {payment, "QA_PAYMENT", "qa.payment.transaction.capture.v1", paymentErrors}}) {
      Connection nc = (Connection) c[0];
      ConsumerContext consumer = nc.getStreamContext((String) c[1]).createOrUpdateConsumer(ConsumerConfiguration.builder()
          .durable("probe").filterSubject((String) c[2]).ackWait(Duration.ofSeconds(30)).build());
      Message msg = consumer.next(Duration.ofSeconds(5));
      assertThat(msg).isNotNull();
      // v1 ($JS.ACK.<stream>.<consumer>.<counts...>) or the newer format with domain and account
      // hash tokens first: $JS.ACK.> allows both, $JS.ACK.<stream>.> only the first
      assertThat(msg.getReplyTo()).startsWith("$JS.ACK.").contains("." + c[1] + ".probe.");
      msg.ackSync(Duration.ofSeconds(5));   // waits for the server's confirmation of the ack
      ConsumerInfo info = consumer.getConsumerInfo();
      assertThat(info.getNumAckPending()).isZero();
      assertThat(info.getAckFloor().getStreamSequence()).isEqualTo(msg.metaData().streamSequence());
      @SuppressWarnings("unchecked") List<String> errors = (List<String>) c[3];
      assertThat(errors).isEmpty();
    }
  }

  @Test
  void unknown_users_and_wrong_passwords_are_refused() {
    ErrorListener quiet = new ErrorListener() { };
    assertThatThrownBy(() -> Nats.connect(Options.builder().server(server.url()).errorListener(quiet)
        .connectionTimeout(Duration.ofMillis(500)).maxReconnects(0).build()).close())
        .hasMessageContaining("Authorization Violation");
    assertThatThrownBy(() -> Nats.connect(Options.builder().server(server.url()).userInfo(BOOKING, "wrong").errorListener(quiet)
        .connectionTimeout(Duration.ofMillis(500)).maxReconnects(0).build()).close())
        .hasMessageContaining("Authorization Violation");
  }

  private long lastSequence(String stream) throws IOException, JetStreamApiException {
    return provisioned.connection().jetStreamManagement().getStreamInfo(stream).getStreamState().getLastSequence();
  }

  @Test
  void the_system_account_answers_server_requests() throws Exception {
    try (Connection sys = Nats.connect(Options.builder().server(server.url()).userInfo("sys", "sys-dev-password").build())) {
      Message pong = sys.request("$SYS.REQ.SERVER.PING", new byte[0], Duration.ofSeconds(5));
      assertThat(new String(pong.getData(), StandardCharsets.UTF_8)).contains("\"server\"");
    }
  }
}
