package dev.natsaga.framework.guice;

import dev.natsaga.framework.Event;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.config.ConsumerOptions;
import dev.natsaga.framework.config.NatsagaOptions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.MDC;

/** Shared bits of the Guice tests: fresh environments, options, a payload and a recorder of handled events. */
final class GuiceTestSupport {

  static final String REQUESTED = "booking.appointment.requested.v1";
  static final String CONFIRMED = "booking.appointment.confirmed.v1";

  private GuiceTestSupport() {
  }

  /** Each test gets its own environment, so streams and consumers never clash. */
  static String freshEnv() {
    return "g" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
  }

  static NatsagaOptions.Builder options(String url, String env, String service) {
    return NatsagaOptions.builder()
        .natsUrl(url)
        .environment(env)
        .serviceName(service)
        .shutdownTimeout(Duration.ofSeconds(10))
        .consumers(ConsumerOptions.defaults().withBackoff(Duration.ofMillis(50), Duration.ofSeconds(1)));
  }

  /** A plain (Guice-free) runtime of another service, used to publish into the one under test. */
  static Natsaga otherService(String url, String env) throws Exception {
    return Natsaga.builder(options(url, env, "booking-frontend").build()).domains("booking").build().start();
  }

  /** A test payload. */
  record Booking(String bookingId, long amount) {
  }

  /** What a handler saw: the event, the MDC of its thread and the thread's name. */
  record Seen(Event<?> event, Map<String, String> mdc, String thread) {
  }

  /** Collects what handlers saw; bound as a singleton in the tests' user modules. */
  static final class Recorder {
    private final BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();

    void record(Event<?> event) {
      Map<String, String> mdc = MDC.getCopyOfContextMap();
      seen.add(new Seen(event, mdc == null ? Map.of() : mdc, Thread.currentThread().getName()));
    }

    Seen next(Duration timeout) throws InterruptedException {
      Seen s = seen.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (s == null) {
        throw new AssertionError("no event was handled within " + timeout);
      }
      return s;
    }

    Seen poll(Duration timeout) throws InterruptedException {
      return seen.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
  }
}
