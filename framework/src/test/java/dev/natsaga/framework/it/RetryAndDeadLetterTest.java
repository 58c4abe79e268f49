package dev.natsaga.framework.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.natsaga.framework.HandlerRegistration;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.framework.PublishResult;
import dev.natsaga.framework.codec.CloudEventCodec;
import dev.natsaga.framework.config.Backoff;
import dev.natsaga.framework.dlq.DeadLetter;
import dev.natsaga.framework.dlq.DeadLetterHeaders;
import dev.natsaga.framework.dlq.DeadLetterReason;
import dev.natsaga.test.nats.NatsServerExtension;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Retries with growing delays, dead-lettering after max deliveries with every header the contract
 * names, and replaying dead letters (one, and all) to a handler that has been fixed.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RetryAndDeadLetterTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  private static final String CONFIRMED = "booking.appointment.confirmed.v1";
  private static final String SERVICE = "ledger-service";

  /** One handler call: when, which delivery, which event. */
  private record Attempt(long nanos, long delivery, String eventId) {
  }

  @Test
  void aHandlerFailingTwiceIsHandledOnTheThirdDeliveryWithGrowingDelays() throws Exception {
    String env = TestNatsaga.freshEnv();
    List<Attempt> attempts = new CopyOnWriteArrayList<>();
    HandlerRegistration<Confirmed> flaky = HandlerRegistration.onEvent(CONFIRMED, Confirmed.class, e -> {
      attempts.add(new Attempt(System.nanoTime(), e.delivery().deliveryCount(), e.id()));
      if (e.delivery().deliveryCount() < 3) {
        throw new IllegalStateException("ledger not reachable (attempt " + e.delivery().deliveryCount() + ")");
      }
    }).options(o -> o.withMaxDeliver(5).withBackoff(Duration.ofMillis(200), Duration.ofSeconds(5))).build();
    try (Natsaga natsaga = TestNatsaga.start(TestNatsaga.options(NATS.url(), env, SERVICE).build(), flaky)) {
      PublishResult r = natsaga.publisher().publish(CONFIRMED, new Confirmed("b-flaky", 10));

      await().atMost(Duration.ofSeconds(10)).until(() -> attempts.size() >= 3);
      Thread.sleep(1000); // longer than the next backoff would be: a 4th attempt would show now
      assertThat(attempts).extracting(Attempt::delivery).containsExactly(1L, 2L, 3L);
      assertThat(attempts).extracting(Attempt::eventId).containsOnly(r.eventId());

      long delay1 = TimeUnit.NANOSECONDS.toMillis(attempts.get(1).nanos() - attempts.get(0).nanos());
      long delay2 = TimeUnit.NANOSECONDS.toMillis(attempts.get(2).nanos() - attempts.get(1).nanos());
      // Backoff: delay n is drawn from [50 %, 100 %] of 200 ms × 2^(n-1), plus the redelivery's own latency.
      assertThat(delay1).as("delay before delivery 2 (ms)").isBetween(95L, 200L + 250L);
      assertThat(delay2).as("delay before delivery 3 (ms)").isBetween(195L, 400L + 250L);
      assertThat(delay2).as("the second delay (%d ms) grows over the first (%d ms)", delay2, delay1).isGreaterThan(delay1 - 20);

      ConsumerInfo info = natsaga.connection().jetStreamManagement().getConsumerInfo(r.stream(), flaky.durableName(SERVICE));
      assertThat(info.getNumAckPending()).as("acked on the third delivery").isZero();
      assertThat(natsaga.deadLetters().count()).isZero();
    }
  }

  @Test
  void aHandlerThatAlwaysFailsEndsInTheDlqAfterMaxDeliveriesWithTheOriginalMessageAndEveryHeader() throws Exception {
    String env = TestNatsaga.freshEnv();
    List<Attempt> attempts = new CopyOnWriteArrayList<>();
    AtomicBoolean fixed = new AtomicBoolean();
    HandlerRegistration<Confirmed> broken = HandlerRegistration.onEvent(CONFIRMED, Confirmed.class, e -> {
      attempts.add(new Attempt(System.nanoTime(), e.delivery().deliveryCount(), e.id()));
      if (!fixed.get()) {
        throw new IllegalStateException("payment gateway down for " + e.data().bookingId());
      }
    }).options(o -> o.withMaxDeliver(3).withBackoff(Duration.ofMillis(50), Duration.ofMillis(200))).build();
    String durable = broken.durableName(SERVICE);
    try (Natsaga natsaga = TestNatsaga.start(TestNatsaga.options(NATS.url(), env, SERVICE).build(), broken)) {
      Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      PublishResult r = natsaga.publisher().publish(OutgoingEvent.event(CONFIRMED, new Confirmed("b-dead", 500)).subject("b-dead").build());

      await().atMost(Duration.ofSeconds(10)).until(() -> natsaga.deadLetters().count() == 1);
      Thread.sleep(600); // a 4th delivery (the server allows max deliver + 1) would show now
      assertThat(attempts).extracting(Attempt::delivery).containsExactly(1L, 2L, 3L);

      List<DeadLetter> dead = natsaga.deadLetters().list(0, 100);
      assertThat(dead).hasSize(1);
      DeadLetter d = dead.get(0);
      assertThat(d.reason()).isEqualTo(DeadLetterReason.MAX_DELIVERIES);
      assertThat(d.error()).contains("payment gateway down for b-dead").contains("IllegalStateException");
      assertThat(d.consumer()).isEqualTo(durable);
      assertThat(d.deliveryCount()).isEqualTo(3);
      assertThat(d.originalSubject()).isEqualTo(env + "." + CONFIRMED);
      assertThat(d.originalStream()).isEqualTo(r.stream());
      assertThat(d.originalSequence()).isEqualTo(r.sequence());
      assertThat(d.time()).isBetween(before, Instant.now());

      MessageInfo original = natsaga.connection().jetStreamManagement().getMessage(r.stream(), r.sequence());
      assertThat(d.payload()).as("payload unchanged").isEqualTo(original.getData());
      Headers headers = d.headers();
      assertThat(headers.getFirst(DeadLetterHeaders.ORIGINAL_MSG_ID)).isEqualTo(original.getHeaders().getFirst("Nats-Msg-Id"))
          .isEqualTo(CloudEventCodec.messageId(SERVICE, r.eventId()));
      assertThat(headers.getFirst("Content-Type")).isEqualTo("application/cloudevents+json");
      for (String key : original.getHeaders().keySet()) {
        if (!key.equals("Nats-Msg-Id")) {
          assertThat(headers.get(key)).as("original header %s", key).isEqualTo(original.getHeaders().get(key));
        }
      }
      assertThat(headers.getFirst(DeadLetterHeaders.REASON)).isEqualTo("max-deliveries");
      assertThat(headers.getFirst(DeadLetterHeaders.CONSUMER)).isEqualTo(durable);
      assertThat(headers.getFirst(DeadLetterHeaders.DELIVERY_COUNT)).isEqualTo("3");
      assertThat(headers.getFirst(DeadLetterHeaders.ORIGINAL_SUBJECT)).isEqualTo(env + "." + CONFIRMED);
      assertThat(headers.getFirst(DeadLetterHeaders.ORIGINAL_STREAM)).isEqualTo(r.stream());
      assertThat(headers.getFirst(DeadLetterHeaders.ORIGINAL_SEQUENCE)).isEqualTo(Long.toString(r.sequence()));
      assertThat(Instant.parse(headers.getFirst(DeadLetterHeaders.TIME))).isCloseTo(Instant.now(), within(10, ChronoUnit.SECONDS));
      MessageInfo stored = natsaga.connection().jetStreamManagement().getMessage(env.toUpperCase() + "_DLQ", d.sequence());
      assertThat(stored.getSubject()).isEqualTo(env + ".dlq." + durable + "." + CONFIRMED);

      ConsumerInfo info = natsaga.connection().jetStreamManagement().getConsumerInfo(r.stream(), durable);
      assertThat(info.getNumAckPending()).as("terminated after dead-lettering").isZero();
      assertThat(info.getNumPending()).isZero();

      // Fix the handler, replay: the same event (same id) is handled once more, from the DLQ's copy.
      fixed.set(true);
      PublishAck replay = natsaga.deadLetters().replay(d.sequence(), true);
      assertThat(replay.getStream()).isEqualTo(r.stream());
      await().atMost(Duration.ofSeconds(10)).until(() -> attempts.size() == 4);
      Attempt handled = attempts.get(3);
      assertThat(handled.eventId()).isEqualTo(r.eventId());
      assertThat(handled.delivery()).isEqualTo(1);
      assertThat(natsaga.deadLetters().count()).as("replayed with remove=true").isZero();
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
          assertThat(natsaga.connection().jetStreamManagement().getConsumerInfo(r.stream(), durable).getNumAckPending()).isZero());
      MessageInfo replayed = natsaga.connection().jetStreamManagement().getMessage(r.stream(), replay.getSeqno());
      assertThat(replayed.getData()).isEqualTo(original.getData());
      assertThat(replayed.getHeaders().getFirst(DeadLetterHeaders.REPLAYED_FROM)).isEqualTo(Long.toString(d.sequence()));
      assertThat(replayed.getHeaders().getFirst(DeadLetterHeaders.REASON)).as("no DLQ headers on a replay").isNull();
    }
  }

  @Test
  void replayAllSendsEveryDeadLetterBackToItsSubjectAndEmptiesTheDlq() throws Exception {
    String env = TestNatsaga.freshEnv();
    AtomicBoolean fixed = new AtomicBoolean();
    List<String> handled = Collections.synchronizedList(new ArrayList<>());
    HandlerRegistration<Confirmed> broken = HandlerRegistration.onEvent(CONFIRMED, Confirmed.class, e -> {
      if (!fixed.get()) {
        throw new IllegalStateException("not yet");
      }
      handled.add(e.id());
    }).options(o -> o.withMaxDeliver(1)).build();
    try (Natsaga natsaga = TestNatsaga.start(TestNatsaga.options(NATS.url(), env, SERVICE).build(), broken)) {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        ids.add(natsaga.publisher().publish(CONFIRMED, new Confirmed("b-" + i, i)).eventId());
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> natsaga.deadLetters().count() == 3);
      assertThat(natsaga.deadLetters().list(0, 100)).extracting(DeadLetter::reason).containsOnly(DeadLetterReason.MAX_DELIVERIES);
      assertThat(natsaga.deadLetters().list(0, 100)).extracting(DeadLetter::deliveryCount).containsOnly(1L);
      assertThat(handled).isEmpty();

      fixed.set(true);
      assertThat(natsaga.deadLetters().replayAll()).isEqualTo(3);

      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(handled).containsExactlyInAnyOrderElementsOf(ids));
      assertThat(natsaga.deadLetters().count()).isZero();
      assertThat(natsaga.deadLetters().list(0, 100)).isEmpty();
      Thread.sleep(300);
      assertThat(Set.copyOf(handled)).hasSize(3);
      assertThat(handled).hasSize(3);
    }
  }
}
