package dev.natsaga.framework.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.natsaga.test.logging.LogCapture;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** One outage, one WARN: repeats at DEBUG, a reminder after the interval, one INFO on recovery. */
class FailureStreakTest {

  private static final String LOGGER = "dev.natsaga.saga.test.streak";

  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final FailureStreak streak = new FailureStreak(LoggerFactory.getLogger(LOGGER), "publishing things",
      Duration.ofMinutes(5), nanos::get);

  @Test
  void anOutageIsOneWarnThenDebugThenOneInfoOnRecovery() {
    try (LogCapture log = LogCapture.of(LOGGER, Level.DEBUG)) {
      streak.succeeded();
      assertThat(log.events()).as("no outage, nothing to say").isEmpty();
      for (int i = 0; i < 30; i++) {
        streak.failed("no responders (attempt " + i + ")");
        nanos.addAndGet(1_000_000_000L);
      }
      assertThat(streak.failing()).isTrue();
      streak.succeeded();
      streak.succeeded();

      assertThat(log.messages(Level.WARN)).containsExactly(
          "publishing things failed: no responders (attempt 0) (retrying; repeated failures are logged at DEBUG until it recovers)");
      assertThat(log.messages(Level.DEBUG)).hasSize(29).first().asString()
          .isEqualTo("publishing things failed again (2 failed attempts in 1.0 s): no responders (attempt 1)");
      assertThat(log.messages(Level.INFO)).containsExactly("publishing things recovered after 30.0 s (30 failed attempts)");
      assertThat(streak.failing()).isFalse();

      streak.failed("timeout");
      assertThat(log.messages(Level.WARN)).as("a new outage warns again").hasSize(2);
    }
  }

  @Test
  void aLongOutageIsRemindedAtWarnEveryInterval() {
    try (LogCapture log = LogCapture.of(LOGGER, Level.DEBUG)) {
      for (int i = 0; i <= 11 * 60; i++) {          // one failure a second for 11 minutes
        streak.failed("stream offline");
        nanos.addAndGet(1_000_000_000L);
      }
      streak.succeeded();
      assertThat(log.messages(Level.WARN)).hasSize(3);
      assertThat(log.messages(Level.WARN).get(1)).isEqualTo(
          "publishing things still failing after 5 min 0 s (301 failed attempts): stream offline");
      assertThat(log.messages(Level.INFO)).containsExactly("publishing things recovered after 11 min 1 s (661 failed attempts)");
    }
  }

  @Test
  void durationsAreShort() {
    assertThat(FailureStreak.format(3_000_000L)).isEqualTo("3 ms");
    assertThat(FailureStreak.format(12_345_000_000L)).isEqualTo("12.3 s");
    assertThat(FailureStreak.format(Duration.ofMinutes(75).toNanos())).isEqualTo("75 min 0 s");
    assertThat(FailureStreak.format(Duration.ofMinutes(150).toNanos())).isEqualTo("2 h 30 min");
  }
}
