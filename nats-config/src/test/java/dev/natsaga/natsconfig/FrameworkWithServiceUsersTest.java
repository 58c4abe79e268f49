package dev.natsaga.natsconfig;

import static dev.natsaga.natsconfig.ServiceUsers.ADMIN;
import static dev.natsaga.natsconfig.ServiceUsers.BOOKING;
import static dev.natsaga.natsconfig.ServiceUsers.PAYMENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.natsaga.framework.HandlerRegistration;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.NonRetryableException;
import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.framework.idempotency.IdempotencyStore.Claim;
import dev.natsaga.framework.idempotency.KvIdempotencyStore;
import dev.natsaga.test.nats.NatsServer;
import io.nats.client.JetStreamApiException;
import io.nats.client.api.ConsumerInfo;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

/**
 * The permissions of {@code accounts.conf} are sufficient for the framework: the booking saga's
 * traffic (provisioning, commands, replies, own events, acks, a retry, dead letters, idempotency
 * keys) runs on a real server from {@code secure.conf} as the two restricted users, and their
 * connections report no permission violation.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FrameworkWithServiceUsersTest {

  private NatsServer server;
  private final Set<String> handled = ConcurrentHashMap.newKeySet();
  private Natsaga booking;
  private Natsaga payment;

  /** What the framework's connections report: a permission the framework lacks shows up here first. */
  private final ListAppender<ILoggingEvent> natsErrors = new ListAppender<>();

  @BeforeAll
  void startServices() throws Exception {
    server = ServiceUsers.startSecureServer();
    natsErrors.start();
    ((Logger) LoggerFactory.getLogger("dev.natsaga.framework")).addAppender(natsErrors);
    // configured exactly like a deployed service: NATS_USER / NATS_PASSWORD settings
    payment = Natsaga.builder(ServiceUsers.options(server, PAYMENT, "dev"))
        .handler(HandlerRegistration.onCommand("payment.transaction.authorize.v1", Map.class, e -> {
          handled.add("authorize");
          payment.publisher().publish(OutgoingEvent.event("payment.transaction.authorized.v1", Map.of("bookingId", e.data().get("bookingId"))).build());
        }).idempotent().build())
        .handler(HandlerRegistration.onCommand("payment.transaction.void.v1", Map.class, e -> {
          throw new NonRetryableException("nothing to void for " + e.data());
        }).build())
        .build().start();
    booking = Natsaga.builder(ServiceUsers.options(server, BOOKING, "dev"))
        .domains("booking", "payment")
        .handler(HandlerRegistration.onEvent("payment.transaction.authorized.v1", Map.class, e -> {
          handled.add("authorized");
          booking.publisher().publish(OutgoingEvent.event("booking.appointment.confirmed.v1", Map.of("bookingId", e.data().get("bookingId"))).build());
        }).idempotent().build())
        .handler(HandlerRegistration.onEvent("booking.appointment.confirmed.v1", Map.class, e -> {
          if (e.delivery().deliveryCount() == 1) {
            throw new IllegalStateException("fails once: the retry is a nak with delay on $JS.ACK");
          }
          handled.add("confirmed");
        }).build())
        .handler(HandlerRegistration.onEvent("payment.transaction.declined.v1", Map.class, e -> {
          throw new NonRetryableException("unexpected decline " + e.data());
        }).build())
        .build().start();
  }

  @AfterEach
  void noPermissionViolations() {
    assertThat(natsErrors.list).extracting(ILoggingEvent::getFormattedMessage)
        .noneMatch(m -> m.contains("Violation"));
  }

  @AfterAll
  void stopServices() throws InterruptedException {
    ((Logger) LoggerFactory.getLogger("dev.natsaga.framework")).detachAppender(natsErrors);
    if (booking != null) {
      booking.close();
    }
    if (payment != null) {
      payment.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void provisioning_commands_replies_own_events_and_acks_all_work() throws Exception {
    booking.publisher().publish(OutgoingEvent.command("payment.transaction.authorize.v1", Map.of("bookingId", "b-1")).build());

    await().atMost(Duration.ofSeconds(10)).until(() -> handled.containsAll(List.of("authorize", "authorized", "confirmed")));
    // acked: nothing pending, the ack floor reached what was delivered (a refused $JS.ACK would leave it pending)
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      assertAcked(payment, "DEV_PAYMENT", "payment-service__payment_transaction_authorize_v1");
      assertAcked(booking, "DEV_PAYMENT", "booking-service__payment_transaction_authorized_v1");
      assertAcked(booking, "DEV_BOOKING", "booking-service__booking_appointment_confirmed_v1");
    });
  }

  @Test
  void each_service_dead_letters_what_it_cannot_handle() throws Exception {
    long before = booking.deadLetters().count();
    booking.publisher().publish(OutgoingEvent.command("payment.transaction.void.v1", Map.of("bookingId", "b-2")).build());
    payment.publisher().publish(OutgoingEvent.event("payment.transaction.declined.v1", Map.of("bookingId", "b-3")).build());

    await().atMost(Duration.ofSeconds(10)).until(() -> booking.deadLetters().count() == before + 2);
    assertThat(payment.deadLetters().count()).isEqualTo(before + 2);

    // reading dead letters back is the operator's job, not a service's (see the refusals below)
    try (Natsaga admin = Natsaga.builder(ServiceUsers.options(server, ADMIN, "dev")).build().start()) {
      assertThat(admin.deadLetters().list(0, 100)).extracting(d -> d.consumer())
          .contains("payment-service__payment_transaction_void_v1", "booking-service__payment_transaction_declined_v1");
    }
  }

  @Test
  void each_service_claims_reads_and_completes_idempotency_keys() throws Exception {
    for (Natsaga service : List.of(booking, payment)) {
      KvIdempotencyStore store = KvIdempotencyStore.create(service.connection(), service.options().environment(), Duration.ofHours(1), 1);
      String consumer = service.options().serviceName() + "__probe";
      assertThat(store.claim(consumer, "e-1")).isEqualTo(Claim.ACQUIRED);
      assertThat(store.claim(consumer, "e-1")).isEqualTo(Claim.IN_PROGRESS);   // reads the key back
      store.complete(consumer, "e-1");
      assertThat(store.claim(consumer, "e-1")).isEqualTo(Claim.DONE);
    }
  }

  private void assertAcked(Natsaga service, String stream, String durable) throws IOException, JetStreamApiException {
    ConsumerInfo info = service.connection().jetStreamManagement().getConsumerInfo(stream, durable);
    assertThat(info.getDelivered().getConsumerSequence()).as(durable + " delivered").isPositive();
    assertThat(info.getNumAckPending()).as(durable + " ack pending").isZero();
    assertThat(info.getAckFloor().getConsumerSequence()).as(durable + " ack floor").isEqualTo(info.getDelivered().getConsumerSequence());
  }
}
