package dev.natsaga.framework.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.natsaga.framework.Event;
import dev.natsaga.framework.HandlerRegistration;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.NonRetryableException;
import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.framework.PublishResult;
import dev.natsaga.framework.dlq.DeadLetter;
import dev.natsaga.framework.dlq.DeadLetterReason;
import dev.natsaga.test.nats.NatsServerExtension;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.impl.Headers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Messages that can never succeed go to the dead-letter stream on their first delivery, without
 * retries (and, except for a non-retryable handler error, without calling the handler), and the
 * consumer goes on with the next message. The poison is published with raw jnats, as a foreign or
 * broken producer would.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PoisonMessageTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  private static final String CONFIRMED = "booking.appointment.confirmed.v1";
  private static final String SERVICE = "ledger-service";
  private static final String REJECTED = "reject-me";

  /** A poison message: headers (may be null) and payload, the reason it must get and a hint its error must contain. */
  record Poison(String name, Headers headers, byte[] payload, DeadLetterReason reason, String errorHint) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Poison> poisons() {
    String validEvent = HandWrittenEvents.structuredJson(UUID.randomUUID().toString(), CONFIRMED, "b-p", null,
        HandWrittenEvents.data("b-p", 1));
    String id1 = UUID.randomUUID().toString();
    String id2 = UUID.randomUUID().toString();
    String id3 = UUID.randomUUID().toString();
    String id4 = UUID.randomUUID().toString();
    return Stream.of(
        new Poison("garbage bytes, no headers", null,
            new byte[] {0, (byte) 0xFF, (byte) 0xFE, 'g', 'a', 'r', 'b', 'a', 'g', 'e', 7, 13, 10},
            DeadLetterReason.INVALID_CLOUDEVENT, "not a CloudEvent"),
        new Poison("structured JSON null (found by reliability/run.sh fuzz)", HandWrittenEvents.structuredHeaders(UUID.randomUUID().toString()),
            HandWrittenEvents.bytes("null"), DeadLetterReason.INVALID_CLOUDEVENT, "JSON null"),
        new Poison("truncated structured JSON", HandWrittenEvents.structuredHeaders(UUID.randomUUID().toString()),
            HandWrittenEvents.bytes(validEvent.substring(0, validEvent.length() / 2)),
            DeadLetterReason.INVALID_CLOUDEVENT, "invalid structured CloudEvent"),
        new Poison("invalid type", HandWrittenEvents.structuredHeaders(id1),
            HandWrittenEvents.bytes(HandWrittenEvents.structuredJson(id1, "Booking.Confirmed", "b-p", null, HandWrittenEvents.data("b-p", 1))),
            DeadLetterReason.INVALID_TYPE, "Booking.Confirmed"),
        new Poison("valid but unknown type", HandWrittenEvents.structuredHeaders(id2),
            HandWrittenEvents.bytes(HandWrittenEvents.structuredJson(id2, "booking.appointment.cancelled.v1", "b-p", null,
                HandWrittenEvents.data("b-p", 1))),
            DeadLetterReason.UNKNOWN_TYPE, "booking.appointment.cancelled.v1"),
        new Poison("payload that does not bind", HandWrittenEvents.structuredHeaders(id3),
            HandWrittenEvents.bytes(HandWrittenEvents.structuredJson(id3, CONFIRMED, "b-p", null,
                "{\"bookingId\":\"b-p\",\"amount\":\"not-a-number\"}")),
            DeadLetterReason.PAYLOAD_BINDING, "at field 'amount'"),
        new Poison("handler throws NonRetryableException", HandWrittenEvents.structuredHeaders(id4),
            HandWrittenEvents.bytes(HandWrittenEvents.structuredJson(id4, CONFIRMED, REJECTED, null, HandWrittenEvents.data(REJECTED, 1))),
            DeadLetterReason.NON_RETRYABLE, "amount 1 is not allowed for " + REJECTED));
  }

  @Test
  void anEmptyDeadLetterStreamListsNothing() throws Exception {
    try (Natsaga natsaga = TestNatsaga.start(TestNatsaga.options(NATS.url(), TestNatsaga.freshEnv(), SERVICE).build(),
        handler(Collections.synchronizedList(new ArrayList<>())))) {
      assertThat(natsaga.deadLetters().list(0, 10)).isEmpty();
      assertThat(natsaga.deadLetters().count()).isZero();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("poisons")
  void poisonGoesToTheDlqAtOnceAndTheNextEventIsStillHandled(Poison poison) throws Exception {
    String env = TestNatsaga.freshEnv();
    List<Event<Confirmed>> calls = Collections.synchronizedList(new ArrayList<>());
    HandlerRegistration<Confirmed> handler = handler(calls);
    try (Natsaga natsaga = TestNatsaga.start(TestNatsaga.options(NATS.url(), env, SERVICE).build(), handler)) {
      String subject = env + "." + CONFIRMED;
      long poisonSeq = natsaga.connection().jetStream().publish(subject, poison.headers(), poison.payload()).getSeqno();
      PublishResult valid = natsaga.publisher().publish(OutgoingEvent.event(CONFIRMED, new Confirmed("b-valid", 42)).build());

      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        assertThat(calls).extracting(Event::id).contains(valid.eventId());
        assertThat(natsaga.deadLetters().count()).isEqualTo(1);
      });
      Thread.sleep(300); // a retry (backoff 50 ms) would show by now

      DeadLetter d = natsaga.deadLetters().list(0, 10).get(0);
      assertThat(d.reason()).isEqualTo(poison.reason());
      assertThat(d.error()).contains(poison.errorHint());
      assertThat(d.deliveryCount()).as("dead-lettered on the first delivery").isEqualTo(1);
      assertThat(d.consumer()).isEqualTo(handler.durableName(SERVICE));
      assertThat(d.originalSubject()).isEqualTo(subject);
      assertThat(d.originalStream()).isEqualTo(valid.stream());
      assertThat(d.originalSequence()).isEqualTo(poisonSeq);
      assertThat(d.payload()).as("poison payload unchanged").isEqualTo(poison.payload());
      if (poison.headers() != null) {
        for (String key : poison.headers().keySet()) {
          if (!key.equals("Nats-Msg-Id")) {
            assertThat(d.headers().get(key)).as("original header %s", key).isEqualTo(poison.headers().get(key));
          }
        }
      }

      List<String> handledBookings = calls.stream().map(e -> e.data().bookingId()).toList();
      if (poison.reason() == DeadLetterReason.NON_RETRYABLE) {
        assertThat(handledBookings).as("the handler ran once for the rejected event").containsExactlyInAnyOrder(REJECTED, "b-valid");
      } else {
        assertThat(handledBookings).as("the handler never sees the poison").containsExactly("b-valid");
      }
      ConsumerInfo info = natsaga.connection().jetStreamManagement().getConsumerInfo(valid.stream(), handler.durableName(SERVICE));
      assertThat(info.getRedelivered()).as("no redelivery").isZero();
      assertThat(info.getNumAckPending()).isZero();
      assertThat(info.getNumPending()).isZero();
    }
  }

  @Test
  void everyKindOfPoisonInOneStreamIsDeadLetteredAndEveryValidEventBetweenThemIsHandled() throws Exception {
    String env = TestNatsaga.freshEnv();
    List<Event<Confirmed>> calls = Collections.synchronizedList(new ArrayList<>());
    HandlerRegistration<Confirmed> handler = handler(calls);
    try (Natsaga natsaga = TestNatsaga.start(TestNatsaga.options(NATS.url(), env, SERVICE).build(), handler)) {
      String subject = env + "." + CONFIRMED;
      List<Poison> poisons = poisons().toList();
      List<String> validIds = new ArrayList<>();
      validIds.add(natsaga.publisher().publish(CONFIRMED, new Confirmed("v-first", 1)).eventId());
      for (Poison p : poisons) {
        natsaga.connection().jetStream().publish(subject, p.headers(), p.payload());
        validIds.add(natsaga.publisher().publish(CONFIRMED, new Confirmed("v-after-" + p.reason(), 1)).eventId());
      }

      await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
        assertThat(calls).extracting(Event::id).containsAll(validIds);
        assertThat(natsaga.deadLetters().count()).isEqualTo(poisons.size());
      });
      List<DeadLetter> dead = natsaga.deadLetters().list(0, 100);
      assertThat(dead).extracting(DeadLetter::reason)
          .containsExactlyInAnyOrderElementsOf(poisons.stream().map(Poison::reason).toList());
      assertThat(dead).extracting(DeadLetter::deliveryCount).containsOnly(1L);
      assertThat(calls).hasSize(validIds.size() + 1); // + the one NonRetryableException call
    }
  }

  private static HandlerRegistration<Confirmed> handler(List<Event<Confirmed>> calls) {
    return HandlerRegistration.onEvent(CONFIRMED, Confirmed.class, e -> {
      calls.add(e);
      if (REJECTED.equals(e.data().bookingId())) {
        throw new NonRetryableException("amount " + e.data().amount() + " is not allowed for " + e.data().bookingId());
      }
    }).options(o -> o.withMaxDeliver(5)).build();
  }
}
