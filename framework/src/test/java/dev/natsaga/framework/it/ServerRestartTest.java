package dev.natsaga.framework.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.natsaga.framework.HandlerRegistration;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.framework.PublishException;
import dev.natsaga.framework.PublishResult;
import dev.natsaga.framework.config.PublisherOptions;
import dev.natsaga.test.nats.NatsServer;
import dev.natsaga.test.nats.NatsServerExtension;
import dev.natsaga.test.nats.NatsServerOptions;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** kill -9 of the nats-server while publishing and consuming: no acknowledged event is lost. */
@Timeout(90)
class ServerRestartTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode(NatsServerOptions.builder()
      .configLine("jetstream { sync_interval: always }").build());

  private static final String TYPE = "booking.appointment.confirmed.v1";

  @Test
  void killingAndRestartingTheServerLosesNoAcknowledgedEvent() throws Exception {
    String env = TestNatsaga.freshEnv();
    Set<String> handled = ConcurrentHashMap.newKeySet();
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    PublisherOptions patient = PublisherOptions.defaults().withAttempts(30, Duration.ofMillis(100), Duration.ofMillis(500));
    try (Natsaga natsaga = TestNatsaga.start(TestNatsaga.options(NATS.url(), env, "booking-service").publisher(patient).build(),
        HandlerRegistration.onEvent(TYPE, Confirmed.class, e -> handled.add(e.id()))
            .options(o -> o.withAckWait(Duration.ofSeconds(2))).build())) {
      AtomicBoolean stop = new AtomicBoolean();
      Thread publisher = new Thread(() -> publishUntil(natsaga, stop, acknowledged));
      publisher.start();
      await().atMost(Duration.ofSeconds(10)).until(() -> acknowledged.size() >= 100);

      NatsServer server = NATS.server();
      server.kill();
      Thread.sleep(1000);
      server.restart();

      await().atMost(Duration.ofSeconds(20)).until(() -> acknowledged.size() >= 400);
      stop.set(true);
      publisher.join();
      try {
        await().atMost(Duration.ofSeconds(30)).until(() -> handled.containsAll(acknowledged));
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        Set<String> missing = new java.util.HashSet<>(acknowledged);
        missing.removeAll(handled);
        var ci = natsaga.connection().jetStreamManagement().getConsumerInfo(env.toUpperCase() + "_BOOKING", "booking-service__booking_appointment_confirmed_v1");
        var si = natsaga.connection().jetStreamManagement().getStreamInfo(env.toUpperCase() + "_BOOKING");
        throw new AssertionError("missing " + missing.size() + " of " + acknowledged.size() + "; handled " + handled.size()
            + "; stream msgs " + si.getStreamState().getMsgCount() + "; consumer pending " + ci.getNumPending() + " ackpending " + ci.getNumAckPending()
            + " delivered " + ci.getDelivered(), e);
      }
      assertThat(handled).containsAll(acknowledged);
    }
  }

  /** Without pulling again on reconnect, jnats resumed only after missed heartbeats: about 13.8 s here. */
  @Test
  void consumingResumesWithinSecondsOfARestart() throws Exception {
    String env = TestNatsaga.freshEnv();
    Set<String> handled = ConcurrentHashMap.newKeySet();
    try (Natsaga natsaga = TestNatsaga.start(TestNatsaga.options(NATS.url(), env, "booking-service").build(),
        HandlerRegistration.onEvent(TYPE, Confirmed.class, e -> handled.add(e.id())).build())) {
      String first = natsaga.publisher().publish(OutgoingEvent.event(TYPE, new Confirmed("a", 1)).build()).eventId();
      await().atMost(Duration.ofSeconds(10)).until(() -> handled.contains(first));
      NatsServer server = NATS.server();
      server.kill();
      Thread.sleep(1000);
      server.restart();
      long restarted = System.nanoTime();

      String after = natsaga.publisher().publish(OutgoingEvent.event(TYPE, new Confirmed("b", 2)).build()).eventId();
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> handled.contains(after));

      assertThat(Duration.ofNanos(System.nanoTime() - restarted)).isLessThan(Duration.ofSeconds(5));
    }
  }

  private static void publishUntil(Natsaga natsaga, AtomicBoolean stop, Set<String> acknowledged) {
    int i = 0;
    while (!stop.get()) {
      try {
        PublishResult r = natsaga.publisher().publish(OutgoingEvent.event(TYPE, new Confirmed("b-" + i, i++)).build());
        acknowledged.add(r.eventId());
      } catch (PublishException e) {
        // not acknowledged: the caller knows and may retry; only acknowledged events must survive
      }
    }
  }
}
