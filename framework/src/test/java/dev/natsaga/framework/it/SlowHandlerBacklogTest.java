package dev.natsaga.framework.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.natsaga.framework.HandlerRegistration;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.test.nats.NatsServerExtension;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Messages waiting behind a slow handler are kept alive too: none is redelivered and handled twice. */
@Timeout(60)
class SlowHandlerBacklogTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  @Test
  void waitingMessagesAreNotRedeliveredWhileEarlierOnesAreHandled() throws Exception {
    String env = TestNatsaga.freshEnv();
    Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    String type = "booking.appointment.confirmed.v1";
    try (Natsaga natsaga = TestNatsaga.start(TestNatsaga.options(NATS.url(), env, "booking-service").build(),
        HandlerRegistration.onEvent(type, Confirmed.class, e -> {
          runs.computeIfAbsent(e.id(), k -> new AtomicInteger()).incrementAndGet();
          Thread.sleep(1500);
        }).options(o -> o.withConcurrency(1).withAckWait(Duration.ofSeconds(1))).build())) {
      for (int i = 0; i < 4; i++) {
        natsaga.publisher().publish(OutgoingEvent.event(type, new Confirmed("b" + i, i)).build());
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> runs.size() == 4
          && runs.values().stream().mapToInt(AtomicInteger::get).sum() >= 4);
      Thread.sleep(2500);
      assertThat(runs.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
    }
  }
}
