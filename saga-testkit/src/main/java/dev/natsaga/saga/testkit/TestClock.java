package dev.natsaga.saga.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that moves only when told: inject it into the engine to drive timeouts and retries.
 *
 * <pre>{@code
 * TestClock clock = TestClock.at(Instant.parse("2030-01-01T00:00:00Z"));
 * clock.advance(Duration.ofSeconds(31));
 * }</pre>
 */
public final class TestClock extends Clock {

  private final AtomicReference<Instant> now;
  private final ZoneId zone;

  private TestClock(AtomicReference<Instant> now, ZoneId zone) {
    this.now = now;
    this.zone = zone;
  }

  public static TestClock at(Instant start) {
    return new TestClock(new AtomicReference<>(start), ZoneOffset.UTC);
  }

  /** @return a clock at the current system time, truncated to milliseconds */
  public static TestClock now() {
    return at(Instant.ofEpochMilli(System.currentTimeMillis()));
  }

  public Instant advance(Duration by) {
    return now.updateAndGet(t -> t.plus(by));
  }

  public void set(Instant instant) {
    now.set(instant);
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId newZone) {
    return new TestClock(now, newZone);
  }
}
