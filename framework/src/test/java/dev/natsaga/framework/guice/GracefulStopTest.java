package dev.natsaga.framework.guice;

import static dev.natsaga.framework.guice.GuiceTestSupport.CONFIRMED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Singleton;
import com.google.inject.multibindings.ProvidesIntoSet;
import dev.natsaga.framework.HandlerRegistration;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.PublishResult;
import dev.natsaga.framework.config.ConsumerOptions;
import dev.natsaga.framework.config.NatsagaOptions;
import dev.natsaga.framework.guice.GuiceTestSupport.Booking;
import dev.natsaga.framework.guice.GuiceTestSupport.Recorder;
import dev.natsaga.framework.guice.GuiceTestSupport.Seen;
import dev.natsaga.test.nats.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.api.ConsumerInfo;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Stopping a Guice-wired service lets an in-flight handler finish, and its message stays acknowledged. */
class GracefulStopTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  private static final String SERVICE = "slow-service";
  private static final String DURABLE = SERVICE + "__booking_appointment_confirmed_v1";

  /** A handler that takes longer than the consumer's ack wait, so only inProgress keeps it alive. */
  static final class SlowModule extends AbstractModule {
    final CountDownLatch started = new CountDownLatch(1);
    final AtomicBoolean finished = new AtomicBoolean();

    @ProvidesIntoSet
    HandlerRegistration<?> slow() {
      return HandlerRegistration.onEvent(CONFIRMED, Booking.class, event -> {
        started.countDown();
        Thread.sleep(2_500);
        finished.set(true);
      }).build();
    }
  }

  /** A second instance of the same service that only records. */
  static final class RecordingModule extends AbstractModule {
    @Override
    protected void configure() {
      bind(Recorder.class).in(Singleton.class);
    }

    @ProvidesIntoSet
    HandlerRegistration<?> record(Recorder recorder) {
      return HandlerRegistration.onEvent(CONFIRMED, Booking.class, recorder::record).build();
    }
  }

  private static NatsagaOptions options(String env) {
    return GuiceTestSupport.options(NATS.url(), env, SERVICE)
        .consumers(ConsumerOptions.defaults().withAckWait(Duration.ofSeconds(1)).withConcurrency(2))
        .build();
  }

  @Test
  void stopWaitsForTheInFlightHandlerAndItsMessageIsNotRedelivered() throws Exception {
    String env = GuiceTestSupport.freshEnv();
    SlowModule slow = new SlowModule();
    NatsagaService first = NatsagaService.start(Guice.createInjector(new NatsagaModule(options(env)), slow));
    try (Natsaga other = GuiceTestSupport.otherService(NATS.url(), env)) {
      PublishResult sent = other.publisher().publish(CONFIRMED, new Booking("b-slow", 1));
      assertThat(slow.started.await(10, TimeUnit.SECONDS)).as("slow handler started").isTrue();

      long t0 = System.nanoTime();
      first.stop();
      long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

      assertThat(slow.finished).as("handler finished before stop() returned").isTrue();
      assertThat(stopMillis).isGreaterThan(1_000);
      assertThat(first.isRunning()).isFalse();
      Connection nc = NATS.connect();
      String stream = env.toUpperCase() + "_BOOKING";
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
        ConsumerInfo info = nc.jetStreamManagement().getConsumerInfo(stream, DURABLE);
        assertThat(info.getNumAckPending()).as("unacknowledged").isZero();
        assertThat(info.getAckFloor().getStreamSequence()).isEqualTo(sent.sequence());
      });

      Injector secondInjector = Guice.createInjector(new NatsagaModule(options(env)), new RecordingModule());
      try (NatsagaService second = NatsagaService.start(secondInjector)) {
        Recorder recorder = secondInjector.getInstance(Recorder.class);
        assertThat(recorder.poll(Duration.ofSeconds(3))).as("redelivered after 3 ack waits").isNull();
        PublishResult next = other.publisher().publish(CONFIRMED, new Booking("b-next", 2));
        Seen seen = recorder.next(Duration.ofSeconds(10));
        assertThat(seen.event().id()).isEqualTo(next.eventId());
        assertThat(recorder.poll(Duration.ofSeconds(2))).isNull();
      }
    }
  }

  @Test
  void stopIsIdempotentAndAStoppedServiceCannotStartAgain() throws Exception {
    String env = GuiceTestSupport.freshEnv();
    NatsagaService service = NatsagaService.start(Guice.createInjector(new NatsagaModule(options(env)), new RecordingModule()));
    assertThat(service.start()).isSameAs(service);
    service.stop();
    service.close();
    assertThat(service.isRunning()).isFalse();
    assertThat(service.isHealthy()).isFalse();
    org.assertj.core.api.Assertions.assertThatThrownBy(service::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("slow-service")
        .hasMessageContaining("new injector");
  }
}
