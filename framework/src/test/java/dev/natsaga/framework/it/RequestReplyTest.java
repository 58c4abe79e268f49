package dev.natsaga.framework.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.natsaga.framework.Event;
import dev.natsaga.framework.InvalidTypeException;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.framework.request.RequestException;
import dev.natsaga.test.nats.NatsServerExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(30)
class RequestReplyTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  @Test
  void requestRoundTripsWithCorrelation() throws Exception {
    String env = TestNatsaga.freshEnv();
    try (Natsaga server = TestNatsaga.start(TestNatsaga.options(NATS.url(), env, "payment-service").build());
         Natsaga client = TestNatsaga.start(TestNatsaga.options(NATS.url(), env, "booking-service").build())) {
      server.requester().respond("payment.balance.get.v1", Confirmed.class,
          q -> OutgoingEvent.event("payment.balance.reported.v1", new Confirmed(q.data().bookingId(), q.data().amount() * 2)).build(),
          "payment-service");

      OutgoingEvent<Confirmed> query = OutgoingEvent.command("payment.balance.get.v1", new Confirmed("c-1", 21)).build();
      Event<Confirmed> reply = client.requester().request(query, Confirmed.class, Duration.ofSeconds(2));

      assertThat(reply.data()).isEqualTo(new Confirmed("c-1", 42));
      assertThat(reply.type().name()).isEqualTo("payment.balance.reported.v1");
      assertThat(reply.source()).isEqualTo("payment-service");
      assertThat(reply.causationId()).isEqualTo(query.id());
      assertThat(reply.correlationId()).isEqualTo(query.id());
    }
  }

  @Test
  void noResponderFailsNamingTheSubjectWithinTheTimeout() throws Exception {
    String env = TestNatsaga.freshEnv();
    try (Natsaga client = TestNatsaga.start(TestNatsaga.options(NATS.url(), env, "booking-service").build())) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> client.requester().request(
          OutgoingEvent.command("payment.balance.get.v1", new Confirmed("c", 1)).build(), Confirmed.class, Duration.ofSeconds(2)))
          .isInstanceOf(RequestException.class)
          .hasMessageContaining(env + ".rpc.payment.balance.get.v1");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
    }
  }

  @Test
  void aResponderThatNeverAnswersTimesOut() throws Exception {
    String env = TestNatsaga.freshEnv();
    try (Natsaga client = TestNatsaga.start(TestNatsaga.options(NATS.url(), env, "booking-service").build())) {
      client.connection().createDispatcher(m -> { }).subscribe(env + ".rpc.payment.balance.get.v1");
      assertThatThrownBy(() -> client.requester().request(
          OutgoingEvent.command("payment.balance.get.v1", new Confirmed("c", 1)).build(), Confirmed.class, Duration.ofMillis(500)))
          .isInstanceOf(RequestException.class)
          .hasMessageContaining(env + ".rpc.payment.balance.get.v1");
    }
  }

  @Test
  void aRequestIsACommandAndItsAnswerAnEvent() throws Exception {
    String env = TestNatsaga.freshEnv();
    try (Natsaga server = TestNatsaga.start(TestNatsaga.options(NATS.url(), env, "payment-service").build());
         Natsaga client = TestNatsaga.start(TestNatsaga.options(NATS.url(), env, "booking-service").build())) {
      assertThatThrownBy(() -> server.requester().respond("payment.balance.reported.v1", Confirmed.class,
          q -> OutgoingEvent.event("payment.balance.reported.v1", q.data()).build(), "payment-service"))
          .isInstanceOf(InvalidTypeException.class)
          .hasMessageContaining("'payment.balance.reported.v1'").hasMessageContaining("a command is a request: its action must be imperative");
      assertThatThrownBy(() -> client.requester().request(
          OutgoingEvent.event("payment.balance.reported.v1", new Confirmed("c", 1)).build(), Confirmed.class, Duration.ofSeconds(1)))
          .isInstanceOf(InvalidTypeException.class)
          .hasMessageContaining("'payment.balance.reported.v1'").hasMessageContaining("imperative");

      server.requester().respond("payment.balance.get.v1", Confirmed.class,
          q -> OutgoingEvent.command("payment.balance.get.v1", q.data()).build(), "payment-service");
      assertThatThrownBy(() -> client.requester().request(
          OutgoingEvent.command("payment.balance.get.v1", new Confirmed("c", 1)).build(), Confirmed.class, Duration.ofMillis(500)))
          .as("an answer that is a command is not sent").isInstanceOf(RequestException.class);
    }
  }
}
