package dev.natsaga.framework.it;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.natsaga.framework.HandlerRegistration;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.framework.codec.CloudEventCodec;
import dev.natsaga.framework.config.ConnectionOptions;
import dev.natsaga.framework.config.ConsumerOptions;
import dev.natsaga.framework.dlq.DeadLetter;
import dev.natsaga.framework.dlq.DeadLetterHeaders;
import dev.natsaga.framework.dlq.DeadLetterReason;
import dev.natsaga.test.nats.NatsServerExtension;
import io.nats.client.Connection;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * jnats 2.26.2's reader thread dies on a header block that breaks the NATS protocol (here a header value
 * with bytes outside printable ASCII, which nats-server stores and delivers) while the connection still
 * reports CONNECTED. With the framework's ping interval the client notices the missing pongs and
 * reconnects, so the service receives again (with jnats' default of 2 minutes this test times out), and the bad
 * message, which no handler ever saw, is dead-lettered once the server gives up on it.
 */
@Timeout(90)
class ReaderStallRecoveryTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  private static final String TYPE = "booking.appointment.confirmed.v1";

  @Test
  void aProtocolInvalidHeaderBlockStallsTheConnectionOnlyUntilThePingsGoUnanswered() throws Exception {
    String env = TestNatsaga.freshEnv();
    Set<String> handled = ConcurrentHashMap.newKeySet();
    // the ack wait (5 s) must outlast noticing the dead reader (two pings, 2 s): the server announces that it gave up
    // on the bad message one ack wait after its last delivery, and an announcement sent while the reader is dead is lost
    ConnectionOptions connection = new ConnectionOptions(NATS.url(), null, null, null, null, null, false, null, null, null,
        null, -1, Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(1));
    ConsumerOptions consumer = ConsumerOptions.defaults().withAckWait(Duration.ofSeconds(5)).withMaxDeliver(2)
        .withBackoff(Duration.ofMillis(50), Duration.ofSeconds(1));
    try (Natsaga natsaga = TestNatsaga.start(TestNatsaga.options(NATS.url(), env, "ledger-service").connection(connection).build(),
        HandlerRegistration.onEvent(TYPE, Confirmed.class, e -> handled.add(e.id())).options(o -> consumer).build())) {
      String before = natsaga.publisher().publish(OutgoingEvent.event(TYPE, new Confirmed("b1", 1)).build()).eventId();
      await().atMost(Duration.ofSeconds(10)).until(() -> handled.contains(before));

      sendProtocolInvalidHeaderBlock(env + "." + TYPE);
      // events in the same pull batch as the bad one are lost with the reader each time it is redelivered, so a
      // new event goes out every 2 s until one arrives: that is the service receiving again
      Set<String> later = ConcurrentHashMap.newKeySet();
      long start = System.nanoTime();
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).until(() -> {
        later.add(natsaga.publisher().publishAsync(OutgoingEvent.event(TYPE, new Confirmed("later", 2)).build()).get().eventId());
        return handled.size() > 1;
      });
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(60));
      await().atMost(Duration.ofSeconds(10)).until(() -> natsaga.connection().getStatus() == Connection.Status.CONNECTED);
      assertThat(natsaga.isHealthy()).isTrue();

      // the bad message itself never reached a handler; once the server gives up on it, it is dead-lettered anyway
      await().atMost(Duration.ofSeconds(45)).until(() -> unreadable(natsaga).isPresent());
      DeadLetter rescued = unreadable(natsaga).orElseThrow();
      assertThat(rescued.reason()).isEqualTo(DeadLetterReason.MAX_DELIVERIES);
      assertThat(rescued.error()).contains("delivered 3 times", "could not read it", "X-Bad: \\xff\\xfe");
      assertThat(rescued.originalSubject()).isEqualTo(env + "." + TYPE);
      // and nothing published after it is lost: each later event was handled, or dead-lettered with it
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        Set<String> dead = natsaga.deadLetters().list(1, 1000).stream()
            .map(d -> d.headers().getFirst(DeadLetterHeaders.ORIGINAL_MSG_ID)).collect(Collectors.toSet());
        return later.stream().allMatch(id -> handled.contains(id) || dead.contains(CloudEventCodec.messageId("ledger-service", id)));
      });
    }
  }

  private static Optional<DeadLetter> unreadable(Natsaga natsaga) throws Exception {
    return natsaga.deadLetters().list(1, 1000).stream().filter(d -> d.error().contains("not valid NATS headers")).findFirst();
  }

  /** What jnats refuses to build: HPUB over a raw socket with a header value that is not printable ASCII. */
  private static void sendProtocolInvalidHeaderBlock(String subject) throws Exception {
    URI uri = URI.create(NATS.url());
    try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), ISO_8859_1));
      assertThat(in.readLine()).startsWith("INFO");
      String headers = "NATS/1.0\r\nContent-Type: application/cloudevents+json\r\nNats-Msg-Id: bad-header-1\r\nX-Bad: \u00ff\u00fe\r\n\r\n";
      String payload = "{}";
      OutputStream out = socket.getOutputStream();
      out.write(("CONNECT {\"verbose\":false,\"pedantic\":false,\"headers\":true,\"protocol\":1}\r\n"
          + "HPUB " + subject + " " + headers.length() + " " + (headers.length() + payload.length()) + "\r\n"
          + headers + payload + "\r\nPING\r\n").getBytes(ISO_8859_1));
      out.flush();
      assertThat(in.readLine()).isEqualTo("PONG");
    }
  }
}
