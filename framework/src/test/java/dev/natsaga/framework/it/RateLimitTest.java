package dev.natsaga.framework.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.natsaga.framework.HandlerRegistration;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.test.nats.NatsServerExtension;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A handler limited to 50 messages per second, with 8 handler threads and a backlog far larger than it may take:
 * measured over 20 s once it runs, it handles within 10 % of 50 per second; without the limit the same backlog goes
 * through many times faster (so the limit, not the handler, sets the pace).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RateLimitTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  private static final String CONFIRMED = "booking.appointment.confirmed.v1";
  private static final double LIMIT = 50;
  private static final int BACKLOG = 1500;

  @Test
  void aRateLimitedHandlerRunsWithinTenPercentOfItsLimitAcrossItsThreads() throws Exception {
    ConcurrentLinkedQueue<Long> handledAt = new ConcurrentLinkedQueue<>();
    HandlerRegistration<Confirmed> limited = HandlerRegistration.onEvent(CONFIRMED, Confirmed.class,
        e -> handledAt.add(System.nanoTime())).options(o -> o.withConcurrency(8)).rateLimit(LIMIT).build();
    String env = TestNatsaga.freshEnv();
    try (Natsaga publisher = TestNatsaga.start(TestNatsaga.options(NATS.url(), env, "booking-service").build())) {
      for (int i = 0; i < BACKLOG; i++) {
        publisher.publisher().publish(CONFIRMED, new Confirmed("b-" + i, i));
      }
    }
    try (Natsaga natsaga = TestNatsaga.start(TestNatsaga.options(NATS.url(), env, "ledger-service").build(), limited)) {
      await().atMost(Duration.ofSeconds(10)).until(() -> handledAt.size() >= 20);
      long from = System.nanoTime();
      int before = handledAt.size();
      Thread.sleep(20_000);
      long nanos = System.nanoTime() - from;
      int during = handledAt.size() - before;
      double rate = during / (nanos / 1e9);
      System.out.printf("rate limit %.0f/s: %d handled in %.2f s = %.2f/s%n", LIMIT, during, nanos / 1e9, rate);
      assertThat(rate).as("messages per second").isBetween(LIMIT * 0.9, LIMIT * 1.1);
    }
  }

  @Test
  void withoutTheLimitTheSameHandlerIsMuchFaster() throws Exception {
    ConcurrentLinkedQueue<Long> handledAt = new ConcurrentLinkedQueue<>();
    HandlerRegistration<Confirmed> free = HandlerRegistration.onEvent(CONFIRMED, Confirmed.class,
        e -> handledAt.add(System.nanoTime())).options(o -> o.withConcurrency(8)).build();
    String env = TestNatsaga.freshEnv();
    try (Natsaga natsaga = TestNatsaga.start(TestNatsaga.options(NATS.url(), env, "ledger-service").build(), free)) {
      long from = System.nanoTime();
      for (int i = 0; i < 500; i++) {
        natsaga.publisher().publish(CONFIRMED, new Confirmed("b-" + i, i));
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> handledAt.size() == 500);
      double rate = 500 / ((System.nanoTime() - from) / 1e9);
      System.out.printf("no limit: %.0f/s (publishing included)%n", rate);
      assertThat(rate).isGreaterThan(LIMIT * 3);
    }
  }

  @Test
  void aLimitThatIsNotPositiveIsRefusedNamingTheHandler() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> HandlerRegistration.onEvent(CONFIRMED, Confirmed.class, e -> { })
        .rateLimit(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rate limit of handler booking.appointment.confirmed.v1")
        .hasMessageContaining("got 0.0");
  }
}
