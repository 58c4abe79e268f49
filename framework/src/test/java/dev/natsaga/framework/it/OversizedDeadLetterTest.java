package dev.natsaga.framework.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.natsaga.framework.Event;
import dev.natsaga.framework.HandlerRegistration;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.framework.PublishResult;
import dev.natsaga.framework.dlq.DeadLetter;
import dev.natsaga.framework.dlq.DeadLetterHeaders;
import dev.natsaga.framework.dlq.DeadLetterReason;
import dev.natsaga.test.nats.NatsServerExtension;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.impl.Headers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A poison message too big to be copied whole into a dead letter (with the dead-letter headers it exceeds the
 * server's max_payload, or its header block JetStream's 64 KiB) is still dead-lettered on its first delivery, cut to
 * fit and marked, instead of failing to dead-letter on every delivery and never arriving. Found by
 * {@code reliability/run.sh fuzz} (a 1,048,276-byte message on a reply subject was redelivered for minutes).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OversizedDeadLetterTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  private static final String CONFIRMED = "booking.appointment.confirmed.v1";
  private static final String SERVICE = "ledger-service";

  @Test
  void aPoisonMessageTooBigForADeadLetterIsCutToFitAndMarked() throws Exception {
    String env = TestNatsaga.freshEnv();
    List<Event<Confirmed>> calls = Collections.synchronizedList(new ArrayList<>());
    HandlerRegistration<Confirmed> handler = HandlerRegistration.onEvent(CONFIRMED, Confirmed.class, calls::add)
        .options(o -> o.withMaxDeliver(5)).build();
    try (Natsaga natsaga = TestNatsaga.start(TestNatsaga.options(NATS.url(), env, SERVICE).build(), handler)) {
      String subject = env + "." + CONFIRMED;
      long max = natsaga.connection().getMaxPayload();
      byte[] big = new byte[(int) max - 300];
      new Random(1).nextBytes(big);
      Headers structured = new Headers().put("Content-Type", "application/cloudevents+json");
      long bigSeq = natsaga.connection().jetStream().publish(subject, structured, big).getSeqno();
      Headers huge = new Headers().put("Content-Type", "application/cloudevents+json").put("X-Padding", "p".repeat(64 * 1024 - 200));
      byte[] small = "not json".getBytes();
      long hugeSeq = natsaga.connection().jetStream().publish(subject, huge, small).getSeqno();
      PublishResult valid = natsaga.publisher().publish(OutgoingEvent.event(CONFIRMED, new Confirmed("b-after", 1)).build());

      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        assertThat(calls).extracting(Event::id).contains(valid.eventId());
        assertThat(natsaga.deadLetters().count()).isEqualTo(2);
      });
      List<DeadLetter> dead = natsaga.deadLetters().list(0, 10);
      DeadLetter bigDead = dead.stream().filter(d -> d.originalSequence() == bigSeq).findFirst().orElseThrow();
      DeadLetter hugeDead = dead.stream().filter(d -> d.originalSequence() == hugeSeq).findFirst().orElseThrow();
      for (DeadLetter d : dead) {
        assertThat(d.reason()).isEqualTo(DeadLetterReason.INVALID_CLOUDEVENT);
        assertThat(d.deliveryCount()).as("dead-lettered on the first delivery").isEqualTo(1);
        assertThat(d.originalSubject()).isEqualTo(subject);
        assertThat(d.headers().getFirst(DeadLetterHeaders.TRUNCATED)).isNotBlank();
      }
      assertThat(bigDead.payload().length).isLessThan(big.length).isGreaterThan(big.length - 4096);
      assertThat(bigDead.payload()).isEqualTo(Arrays.copyOf(big, bigDead.payload().length));
      assertThat(bigDead.headers().getFirst("Content-Type")).as("short original headers are kept").isEqualTo("application/cloudevents+json");
      assertThat(hugeDead.payload()).isEqualTo(small);
      assertThat(hugeDead.headers().getFirst("X-Padding")).as("the oversized header is left out").isNull();
      assertThat(hugeDead.headers().getFirst(DeadLetterHeaders.TRUNCATED)).contains("1 header(s) omitted");
      assertThatThrownBy(() -> natsaga.deadLetters().replay(bigDead.sequence(), false))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("sequence " + bigSeq);

      ConsumerInfo info = natsaga.connection().jetStreamManagement().getConsumerInfo(valid.stream(), handler.durableName(SERVICE));
      assertThat(info.getRedelivered()).as("no redelivery").isZero();
      assertThat(info.getNumAckPending()).isZero();
    }
  }
}
