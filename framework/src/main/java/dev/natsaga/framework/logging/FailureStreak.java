package dev.natsaga.framework.logging;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Logs a failure that repeats every round (publishing commands during a NATS leader election, a relay or deadline
 * round during a database outage) as one outage instead of one WARN per round: the first failure at WARN with its
 * cause, the repeats at DEBUG (with a WARN reminder when the outage has lasted another {@code remindEvery}), and one
 * INFO line when it recovers, saying how long it was failing and how many attempts failed. Thread-safe.
 *
 * <pre>{@code
 * FailureStreak publishing = new FailureStreak(LOG, "publishing saga commands");
 * ...
 * if (failed > 0) publishing.failed(failed + " of " + batch + " not published; first: " + cause);
 * else publishing.succeeded();
 * }</pre>
 */
public final class FailureStreak {

  /** Default interval of the WARN reminders while an outage lasts. */
  public static final Duration DEFAULT_REMINDER = Duration.ofMinutes(5);

  private final Logger log;
  private final String what;
  private final long remindEveryNanos;
  private final LongSupplier nanoTime;
  private long failures;
  private long since;
  private long lastWarned;

  /** @param what what fails, as the subject of the lines, e.g. "publishing saga commands" */
  public FailureStreak(Logger log, String what) {
    this(log, what, DEFAULT_REMINDER, System::nanoTime);
  }

  public FailureStreak(Logger log, String what, Duration remindEvery, LongSupplier nanoTime) {
    this.log = Objects.requireNonNull(log, "log");
    this.what = Objects.requireNonNull(what, "what");
    this.remindEveryNanos = remindEvery.toNanos();
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
  }

  /** Records a failed attempt; {@code cause} says what failed this time. */
  public synchronized void failed(String cause) {
    long now = nanoTime.getAsLong();
    failures++;
    if (failures == 1) {
      since = now;
      lastWarned = now;
      log.warn("{} failed: {} (retrying; repeated failures are logged at DEBUG until it recovers)", what, cause);
    } else if (now - lastWarned >= remindEveryNanos) {
      lastWarned = now;
      log.warn("{} still failing after {} ({} failed attempts): {}", what, format(now - since), failures, cause);
    } else {
      log.debug("{} failed again ({} failed attempts in {}): {}", what, failures, format(now - since), cause);
    }
  }

  /** Records a successful attempt: ends the outage, if any, with one INFO line. */
  public synchronized void succeeded() {
    if (failures == 0) {
      return;
    }
    log.info("{} recovered after {} ({} failed attempt{})", what, format(nanoTime.getAsLong() - since), failures,
        failures == 1 ? "" : "s");
    failures = 0;
  }

  /** @return true while the last attempt failed */
  public synchronized boolean failing() {
    return failures > 0;
  }

  static String format(long nanos) {
    long millis = Math.max(0, nanos / 1_000_000);
    if (millis < 1_000) {
      return millis + " ms";
    }
    if (millis < 120_000) {
      return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
    }
    long seconds = millis / 1000;
    return seconds >= 7_200 ? seconds / 3600 + " h " + seconds % 3600 / 60 + " min"
        : seconds / 60 + " min " + seconds % 60 + " s";
  }
}
