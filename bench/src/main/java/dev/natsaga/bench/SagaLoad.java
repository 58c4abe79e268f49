package dev.natsaga.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The two ways the saga rows load a {@link SagaFixture}: a closed loop that keeps a number of bookings in flight
 * (saturation: completed sagas per second), and an open loop that starts bookings on a fixed schedule (latency from
 * each booking's intended start to its outcome, so a service that falls behind shows up as latency). Only
 * confirmed bookings count; a cancelled one or a refused request fails the measurement, as does a booking without
 * an outcome a minute after the load stopped.
 */
final class SagaLoad {

  private static final Duration DRAIN = Duration.ofSeconds(60);

  private SagaLoad() {
  }

  /** Completed sagas per second in {@code window}, after {@code warmup}, with {@code inFlight} bookings in flight. */
  static double saturate(SagaFixture f, int inFlight, Duration warmup, Duration window) throws InterruptedException {
    Semaphore permits = new Semaphore(inFlight);
    Failures failures = new Failures();
    LongAdder completed = new LongAdder();
    long from = System.nanoTime() + warmup.toNanos();
    long to = from + window.toNanos();
    while (System.nanoTime() < to && failures.none()) {
      if (!permits.tryAcquire(DRAIN.toSeconds(), TimeUnit.SECONDS)) {
        throw new IllegalStateException("no booking finished within " + DRAIN + " (" + f.inFlight() + " in flight)");
      }
      f.book(System.nanoTime()).whenComplete((o, e) -> {
        long now = System.nanoTime();
        if (failures.check(o, e) && now >= from && now < to) {
          completed.increment();
        }
        permits.release();
      });
    }
    if (!permits.tryAcquire(inFlight, DRAIN.toSeconds(), TimeUnit.SECONDS)) {
      throw new IllegalStateException(f.inFlight() + " booking(s) without an outcome " + DRAIN + " after the load stopped");
    }
    failures.throwIfAny();
    return completed.sum() / (window.toNanos() / 1e9);
  }

  /**
   * Starts {@code perSecond} bookings per second for {@code warmup} + {@code window}; returns the sorted latencies
   * (nanoseconds, intended start → outcome event) of the bookings started in the window.
   */
  static long[] latencies(SagaFixture f, int perSecond, Duration warmup, Duration window) throws Exception {
    long interval = 1_000_000_000L / perSecond;
    long start = System.nanoTime();
    long from = start + warmup.toNanos();
    long total = (warmup.toNanos() + window.toNanos()) / interval;
    Failures failures = new Failures();
    List<CompletableFuture<SagaFixture.Outcome>> measured = new ArrayList<>();
    for (long i = 0; i < total && failures.none(); i++) {
      long at = start + i * interval;
      for (long wait = at - System.nanoTime(); wait > 0; wait = at - System.nanoTime()) {
        LockSupport.parkNanos(wait);
      }
      CompletableFuture<SagaFixture.Outcome> outcome = f.book(at);
      outcome.whenComplete(failures::check);
      if (at >= from) {
        measured.add(outcome);
      }
    }
    try {
      CompletableFuture.allOf(measured.toArray(CompletableFuture[]::new)).get(DRAIN.toSeconds(), TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException(f.inFlight() + " booking(s) without an outcome " + DRAIN + " after the load stopped");
    } catch (java.util.concurrent.ExecutionException e) {
      failures.throwIfAny();
      throw e;
    }
    failures.throwIfAny();
    long[] latencies = measured.stream().mapToLong(o -> o.join().latencyNanos()).toArray();
    Arrays.sort(latencies);
    return latencies;
  }

  /** The first few things that went wrong. */
  private static final class Failures {
    private final ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();

    /** Records an outcome; @return whether it was a confirmed booking. */
    boolean check(SagaFixture.Outcome o, Throwable e) {
      if (e == null && o.confirmed()) {
        return true;
      }
      if (seen.size() < 5) {
        seen.add(e != null ? e.toString() : "booking cancelled unexpectedly: " + o.event());
      }
      return false;
    }

    boolean none() {
      return seen.isEmpty();
    }

    void throwIfAny() {
      if (!seen.isEmpty()) {
        throw new IllegalStateException("saga load failed: " + String.join("; ", seen));
      }
    }
  }
}
