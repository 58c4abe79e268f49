package dev.natsaga.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The two ways the saga rows load a {@link SagaSystem}: a closed loop that keeps a number of bookings in flight
 * (saturation: completed sagas per second), and an open loop that starts bookings on a fixed schedule (latency from
 * each booking's intended start to its outcome, so a service that falls behind shows up as latency). Only
 * confirmed bookings count; a cancelled one or a refused request fails the measurement, as does a booking without
 * an outcome a minute after the load stopped.
 */
final class SagaLoad {

  private static final Duration DRAIN = Duration.ofSeconds(60);

  private SagaLoad() {
  }

  /**
   * What a closed loop measured: completed sagas per second in the window, and CPU time per completed saga in it —
   * the bench JVM's (both services and the client), which a busy machine distorts less than sagas/s, the
   * nats-server's and PostgreSQL's ({@link ServerCpu}; 0 for PostgreSQL on H2).
   */
  record Saturation(double perSecond, double cpuMillisPerSaga, double natsMillisPerSaga, double postgresMillisPerSaga) {
    @Override
    public String toString() {
      return String.format("%.0f sagas/s, CPU per saga: %.2f ms bench JVM, %.2f ms nats-server, %.2f ms PostgreSQL", perSecond,
          cpuMillisPerSaga, natsMillisPerSaga, postgresMillisPerSaga);
    }
  }

  /** Completed sagas per second in {@code window}, after {@code warmup}, with {@code inFlight} bookings in flight. */
  static Saturation saturate(SagaSystem f, int inFlight, Duration warmup, Duration window) throws InterruptedException {
    return saturate(f, inFlight, warmup, warmup, window, new ArrayList<>());
  }

  /**
   * The closed loop: {@code inFlight} bookings in flight, a new one as soon as one finishes. The window starts once
   * {@code minWarmup} has passed and the last three whole seconds completed within 10 % of each other (a cold JVM ramps up
   * over several seconds while the JIT compiles the saga path), or at {@code maxWarmup}; each warm-up second's count goes
   * to {@code warmupRates}. @return completed sagas per second in the window.
   */
  static Saturation saturate(SagaSystem f, int inFlight, Duration minWarmup, Duration maxWarmup, Duration window,
                         List<Long> warmupRates) throws InterruptedException {
    Semaphore permits = new Semaphore(inFlight);
    Failures failures = new Failures();
    LongAdder done = new LongAdder();
    LongAdder completed = new LongAdder();
    Window w = new Window();
    long start = System.nanoTime();
    long second = start + 1_000_000_000L;
    long counted = 0;
    while (failures.none()) {
      long now = System.nanoTime();
      if (w.to == Long.MAX_VALUE && now >= second) {
        warmupRates.add(done.sum() - counted);
        counted = done.sum();
        second += 1_000_000_000L;
      }
      if (w.to == Long.MAX_VALUE && (now - start >= maxWarmup.toNanos() || now - start >= minWarmup.toNanos() && stable(warmupRates))) {
        w.open(now, window);
      } else if (now >= w.to) {
        w.close();
        break;
      }
      if (!permits.tryAcquire(DRAIN.toSeconds(), TimeUnit.SECONDS)) {
        throw new IllegalStateException("no booking finished within " + DRAIN + " (" + f.inFlight() + " in flight)");
      }
      f.book(System.nanoTime()).whenComplete((o, e) -> {
        long at = System.nanoTime();
        if (failures.check(o, e)) {
          done.increment();
          if (at >= w.from && at < w.to) {
            completed.increment();
          }
        }
        permits.release();
      });
    }
    if (!permits.tryAcquire(inFlight, DRAIN.toSeconds(), TimeUnit.SECONDS)) {
      throw new IllegalStateException(f.inFlight() + " booking(s) without an outcome " + DRAIN + " after the load stopped");
    }
    failures.throwIfAny();
    long n = completed.sum();
    ServerCpu.Reading servers = w.serverCpu();
    return new Saturation(n / (window.toNanos() / 1e9), perSaga(w.cpuNanos(), n), perSaga(servers.natsNanos(), n),
        perSaga(servers.postgresNanos(), n));
  }

  private static double perSaga(long nanos, long sagas) {
    return sagas == 0 ? 0 : nanos / 1e6 / sagas;
  }

  private static boolean stable(List<Long> rates) {
    int n = rates.size();
    if (n < 3) {
      return false;
    }
    List<Long> last = rates.subList(n - 3, n);
    return Collections.max(last) - Collections.min(last) <= 0.1 * Collections.max(last);
  }

  /** The measurement window, open once the warm-up is over. */
  private static final class Window {
    private volatile long from = Long.MAX_VALUE;
    private volatile long to = Long.MAX_VALUE;

    private long cpuAtOpen;
    private long cpuAtClose;
    private ServerCpu.Reading serversAtOpen;
    private ServerCpu.Reading serversAtClose;

    void open(long now, Duration length) {
      serversAtOpen = ServerCpu.read();
      cpuAtOpen = processCpuNanos();
      to = now + length.toNanos();
      from = now;
    }

    void close() {
      cpuAtClose = processCpuNanos();
      serversAtClose = ServerCpu.read();
    }

    ServerCpu.Reading serverCpu() {
      return serversAtClose.minus(serversAtOpen);
    }

    long cpuNanos() {
      return cpuAtClose - cpuAtOpen;
    }
  }

  /** The bench JVM's CPU time so far (all threads), in nanoseconds. */
  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /**
   * Starts {@code perSecond} bookings per second for {@code warmup} + {@code window}; returns the sorted latencies
   * (nanoseconds, intended start → outcome event) of the bookings started in the window.
   */
  static long[] latencies(SagaSystem f, int perSecond, Duration warmup, Duration window) throws Exception {
    long interval = 1_000_000_000L / perSecond;
    long start = System.nanoTime();
    long from = start + warmup.toNanos();
    long total = (warmup.toNanos() + window.toNanos()) / interval;
    Failures failures = new Failures();
    List<CompletableFuture<SagaSystem.Outcome>> measured = new ArrayList<>();
    for (long i = 0; i < total && failures.none(); i++) {
      long at = start + i * interval;
      for (long wait = at - System.nanoTime(); wait > 0; wait = at - System.nanoTime()) {
        LockSupport.parkNanos(wait);
      }
      CompletableFuture<SagaSystem.Outcome> outcome = f.book(at);
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
    boolean check(SagaSystem.Outcome o, Throwable e) {
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
