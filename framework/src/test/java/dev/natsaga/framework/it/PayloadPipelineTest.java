package dev.natsaga.framework.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.natsaga.framework.Event;
import dev.natsaga.framework.HandlerRegistration;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.consume.HandlerInfo;
import dev.natsaga.framework.dlq.DeadLetter;
import dev.natsaga.framework.dlq.DeadLetterReason;
import dev.natsaga.framework.payload.PayloadJson;
import dev.natsaga.framework.payload.PayloadRefusedException;
import dev.natsaga.framework.payload.PayloadRejectedException;
import dev.natsaga.framework.payload.PayloadStage;
import dev.natsaga.test.nats.NatsServerExtension;
import io.cloudevents.CloudEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The payload pipeline SPI on a real nats-server, with a toy "encryption" stage (reverses the data) as issue 20's
 * encryption will use it: transformed on publish in registration order, undone on consume in reverse order; a refusal
 * on publish sends nothing; a rejection on consume dead-letters with the stage's reason; another failure redelivers.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PayloadPipelineTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  private static final String CONFIRMED = "booking.appointment.confirmed.v1";

  /** Reverses the data bytes both ways; data containing "poison" is rejected, "flaky" fails twice then passes. */
  private static final class Reverse implements PayloadStage {
    final List<String> calls = new CopyOnWriteArrayList<>();
    final AtomicInteger flaky = new AtomicInteger();
    private final String name;

    Reverse(String name) {
      this.name = name;
    }

    @Override
    public CloudEvent outgoing(CloudEvent event) {
      calls.add(name + " out");
      String data = new String(PayloadJson.bytes(event), StandardCharsets.UTF_8);
      if (data.contains("forbidden")) {
        throw new PayloadRefusedException(event.getType() + ": $.bookingId is forbidden (rule: test)");
      }
      return PayloadJson.withData(event, reverse(PayloadJson.bytes(event)));
    }

    @Override
    public CloudEvent incoming(CloudEvent event, HandlerInfo handler) throws PayloadRejectedException {
      calls.add(name + " in");
      byte[] plain = reverse(PayloadJson.bytes(event));
      String data = new String(plain, StandardCharsets.UTF_8);
      if (data.contains("poison")) {
        throw new PayloadRejectedException(DeadLetterReason.SCHEMA_VIOLATION, "poison in " + event.getId());
      }
      if (data.contains("flaky") && flaky.incrementAndGet() <= 2) {
        throw new IllegalStateException("key store unreachable");
      }
      return PayloadJson.withData(event, plain);
    }

    private static byte[] reverse(byte[] in) {
      byte[] out = new byte[in.length];
      for (int i = 0; i < in.length; i++) {
        out[i] = in[in.length - 1 - i];
      }
      return out;
    }
  }

  @Test
  void stagesTransformBothWaysRefuseRejectAndRedeliver() throws Exception {
    String env = TestNatsaga.freshEnv();
    Reverse first = new Reverse("first");
    Reverse second = new Reverse("second");
    Map<String, Confirmed> handled = new ConcurrentHashMap<>();
    HandlerRegistration<Confirmed> handler = HandlerRegistration.onEvent(CONFIRMED, Confirmed.class,
        (Event<Confirmed> e) -> handled.put(e.data().bookingId(), e.data())).build();
    try (Natsaga natsaga = Natsaga.builder(TestNatsaga.options(NATS.url(), env, "ledger").build()).domains("booking")
        .payloadStage(first).payloadStage(second).handler(handler).build().start()) {
      var sent = natsaga.publisher().publish(CONFIRMED, new Confirmed("b-1", 100));
      await().atMost(Duration.ofSeconds(10)).until(() -> handled.containsKey("b-1"));
      assertThat(handled.get("b-1")).isEqualTo(new Confirmed("b-1", 100));
      assertThat(first.calls).containsExactly("first out", "first in");
      assertThat(second.calls).containsExactly("second out", "second in");
      byte[] stored = natsaga.connection().jetStreamManagement().getMessage(sent.stream(), sent.sequence()).getData();
      assertThat(new String(stored, StandardCharsets.UTF_8)).as("twice reversed on the wire: plain again").contains("\"bookingId\":\"b-1\"");

      assertThatThrownBy(() -> natsaga.publisher().publish(CONFIRMED, new Confirmed("forbidden", 1)))
          .isInstanceOf(PayloadRefusedException.class).hasMessageContaining("$.bookingId is forbidden");

      natsaga.publisher().publish(CONFIRMED, new Confirmed("poison", 1));
      natsaga.publisher().publish(CONFIRMED, new Confirmed("flaky", 1));
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        assertThat(handled).containsKey("flaky");
        assertThat(natsaga.deadLetters().count()).isEqualTo(1);
      });
      assertThat(first.flaky.get()).as("failed twice, then passed on the third delivery (the first stage, last on the way in, sees the plain data)").isEqualTo(3);
      DeadLetter dead = natsaga.deadLetters().list(0, 1).get(0);
      assertThat(dead.reason()).isEqualTo(DeadLetterReason.SCHEMA_VIOLATION);
      assertThat(dead.error()).startsWith("poison in ");
      assertThat(handled).doesNotContainKey("poison");
      assertThat(natsaga.connection().jetStreamManagement().getStreamInfo(sent.stream()).getStreamState().getMsgCount())
          .as("the refused event was not sent").isEqualTo(3);
    }
  }
}
