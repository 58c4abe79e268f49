package dev.natsaga.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.natsaga.test.nats.NatsServer;
import io.nats.client.Connection;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hand-written saga the bench compares the framework with keeps the guarantees it claims, on a real nats-server
 * and H2: every booking confirmed and captured once; a command delivered again is answered from the stored reply
 * without a second payment; a reply delivered again changes nothing and sends nothing.
 */
class HandWrittenSagaTest {

  private static NatsServer server;
  private static BenchContext ctx;

  @BeforeAll
  static void start() throws Exception {
    server = NatsServer.start();
    ctx = new BenchContext(server.url(), BenchConfig.smoke(), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
  }

  @AfterAll
  static void stop() throws Exception {
    ctx.close();
    server.close();
  }

  @Test
  void redeliveredCommandsAndRepliesHaveNoSecondEffect() throws Exception {
    try (HandWrittenSaga saga = HandWrittenSaga.start(ctx, SagaDatabases.h2())) {
      List<SagaSystem.Outcome> outcomes = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        outcomes.add(saga.book(System.nanoTime()).get(30, TimeUnit.SECONDS));
      }
      assertThat(outcomes).allMatch(SagaSystem.Outcome::confirmed);
      assertThat(saga.verifyAllConfirmed()).isEqualTo(20);
      long outboxRows = saga.count(true, "SELECT COUNT(*) FROM hw_outbox");
      assertThat(outboxRows).as("two commands and an outcome event per booking").isEqualTo(60);

      String authorize = firstPayload(saga, "payment.authorize");
      String authorized = "{\"bookingId\":\"" + bookingId(authorize) + "\",\"paymentId\":\"p-1\",\"type\":\"authorized\"}";
      try (Connection nats = BenchContext.connect(server.url(), "hand-written-saga-test")) {
        publish(nats, saga.env() + ".hw.payment.authorize", authorize);
        publish(nats, saga.env() + ".hw.booking.reply.authorized", authorized);
        await().atMost(Duration.ofSeconds(20)).until(() -> drained(saga, "hw_payment") && drained(saga, "hw_booking_replies"));
      }

      assertThat(saga.count(false, "SELECT COUNT(*) FROM hw_payment")).as("payments").isEqualTo(20);
      assertThat(saga.count(false, "SELECT COUNT(*) FROM hw_payment WHERE status = 'CAPTURED'")).isEqualTo(20);
      assertThat(saga.count(false, "SELECT COUNT(*) FROM hw_processed_command")).as("processed commands").isEqualTo(40);
      assertThat(saga.count(true, "SELECT COUNT(*) FROM hw_outbox")).as("nothing new to send").isEqualTo(outboxRows);
      assertThat(saga.verifyAllConfirmed()).isEqualTo(20);
    }
  }

  private static String firstPayload(HandWrittenSaga saga, String subject) throws Exception {
    return saga.bookingValue("SELECT payload FROM hw_outbox WHERE subject = ? ORDER BY id", saga.env() + ".hw." + subject);
  }

  private static String bookingId(String command) throws Exception {
    return new com.fasterxml.jackson.databind.ObjectMapper().readTree(command).get("bookingId").asText();
  }

  /** Sends a message again under a new message id: what a redelivery after the stream's dedup window looks like. */
  private static void publish(Connection nats, String subject, String payload) throws Exception {
    Headers h = new Headers().add("Nats-Msg-Id", "test-" + System.nanoTime());
    nats.jetStream().publish(NatsMessage.builder().subject(subject).headers(h).data(payload.getBytes(StandardCharsets.UTF_8)).build());
  }

  private static boolean drained(HandWrittenSaga saga, String durable) throws Exception {
    var info = ctx.management().getConsumerInfo(saga.env().toUpperCase(java.util.Locale.ROOT) + "_HW", durable);
    return info.getNumPending() == 0 && info.getNumAckPending() == 0 && info.getDelivered().getConsumerSequence() > 0;
  }
}
