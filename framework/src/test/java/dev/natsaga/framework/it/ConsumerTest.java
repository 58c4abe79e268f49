package dev.natsaga.framework.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.natsaga.framework.Event;
import dev.natsaga.framework.HandlerRegistration;
import dev.natsaga.framework.Json;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.framework.PublishResult;
import dev.natsaga.test.nats.NatsServerExtension;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.MessageInfo;
import io.nats.client.impl.Headers;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.MDC;

/**
 * Durable queue-group consumers against a real nats-server: load sharing with exactly-once handling,
 * graceful stop and restart of instances, events written by hand in both content modes, correlation
 * of events published from inside a handler, and long handlers kept alive with {@code inProgress}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConsumerTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  private static final String CONFIRMED = "booking.appointment.confirmed.v1";
  private static final String AUTHORIZE = "payment.transaction.authorize.v1";
  private static final String SERVICE = "ledger-service";

  @Test
  void twoInstancesShareOneDurableConsumerHandleEachEventOnceAndLoseNothingAcrossStopAndRestart() throws Exception {
    String env = TestNatsaga.freshEnv();
    HandledLog one = new HandledLog();
    HandledLog two = new HandledLog();
    AtomicInteger handlerMillis = new AtomicInteger();
    try (Natsaga publisher = TestNatsaga.start(TestNatsaga.options(NATS.url(), env, "booking-service").build())) {
      Natsaga instanceOne = worker(env, one, handlerMillis);
      Natsaga instanceTwo = worker(env, two, handlerMillis);
      try {
        // 1. Both instances running: 1,000 events, each handled exactly once in total, both take part.
        List<String> batch1 = publish(publisher, 1000, "first");
        awaitAllHandled(batch1, one, two);
        assertExactlyOnce(batch1, one, two);
        assertThat(countOf(batch1, one)).as("events of the first batch handled by instance one").isPositive();
        assertThat(countOf(batch1, two)).as("events of the first batch handled by instance two").isPositive();

        // 2. Instance one stops gracefully mid-way through a second batch; instance two does the rest.
        handlerMillis.set(3);
        List<String> batch2 = publish(publisher, 1000, "second");
        await().atMost(Duration.ofSeconds(15)).until(() -> countOf(batch2, one) + countOf(batch2, two) >= 250);
        instanceOne.close();
        int oneAtStop = countOf(batch2, one);
        int twoAtStop = countOf(batch2, two);
        assertThat(twoAtStop + oneAtStop).as("the second batch was still in progress when instance one stopped").isLessThan(1000);
        awaitAllHandled(batch2, one, two);
        assertExactlyOnce(batch2, one, two);
        assertThat(countOf(batch2, one)).as("instance one handles nothing after close() returned").isEqualTo(oneAtStop);
        assertThat(countOf(batch2, two)).as("instance two handles the rest").isGreaterThan(twoAtStop);

        // 3. No instance running: events wait in the durable consumer and are handled by a new instance.
        handlerMillis.set(0);
        instanceTwo.close();
        List<String> batch3 = publish(publisher, 200, "third");
        ConsumerInfo waiting = consumerInfo(publisher, env);
        assertThat(waiting.getNumPending()).as("events waiting for the stopped service").isEqualTo(200);
        HandledLog three = new HandledLog();
        try (Natsaga instanceThree = worker(env, three, handlerMillis)) {
          awaitAllHandled(batch3, three);
          assertExactlyOnce(batch3, three);
          assertThat(one.total() + two.total()).as("stopped instances handle nothing").isEqualTo(2000);
          await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(consumerInfo(publisher, env).getNumAckPending()).isZero());
          assertThat(consumerInfo(publisher, env).getNumPending()).isZero();
        }
      } finally {
        instanceOne.close();
        instanceTwo.close();
      }
    }
  }

  @Test
  void structuredAndBinaryEventsWrittenByHandAndPublishedWithRawJnatsAreHandled() throws Exception {
    String env = TestNatsaga.freshEnv();
    Map<String, Event<Confirmed>> received = new ConcurrentHashMap<>();
    try (Natsaga natsaga = TestNatsaga.start(TestNatsaga.options(NATS.url(), env, SERVICE).build(),
        HandlerRegistration.onEvent(CONFIRMED, Confirmed.class, e -> received.put(e.id(), e)).build())) {
      String subject = env + "." + CONFIRMED;

      String structuredId = UUID.randomUUID().toString();
      String json = HandWrittenEvents.structuredJson(structuredId, CONFIRMED, "b-42", "corr-structured",
          HandWrittenEvents.data("b-42", 4200));
      natsaga.connection().jetStream().publish(subject, HandWrittenEvents.structuredHeaders(structuredId), HandWrittenEvents.bytes(json));

      String binaryId = UUID.randomUUID().toString();
      Headers ce = new Headers();
      ce.put("ce-specversion", "1.0");
      ce.put("ce-id", binaryId);
      ce.put("ce-source", "hand-written-producer");
      ce.put("ce-type", CONFIRMED);
      ce.put("ce-time", Instant.now().toString());
      ce.put("ce-subject", "Z%C3%BCrich%201");
      ce.put("ce-correlationid", "corr%20binary");
      ce.put("Content-Type", "application/json");
      ce.put("Nats-Msg-Id", binaryId);
      natsaga.connection().jetStream().publish(subject, ce, HandWrittenEvents.bytes(HandWrittenEvents.data("b-bin", 99)));

      await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 2);
      Event<Confirmed> structured = received.get(structuredId);
      assertThat(structured.data()).isEqualTo(new Confirmed("b-42", 4200));
      assertThat(structured.subject()).isEqualTo("b-42");
      assertThat(structured.correlationId()).isEqualTo("corr-structured");
      assertThat(structured.source()).isEqualTo("hand-written-producer");
      assertThat(structured.type().name()).isEqualTo(CONFIRMED);
      assertThat(structured.delivery().natsSubject()).isEqualTo(subject);
      assertThat(structured.delivery().deliveryCount()).isEqualTo(1);

      Event<Confirmed> binary = received.get(binaryId);
      assertThat(binary.data()).isEqualTo(new Confirmed("b-bin", 99));
      assertThat(binary.subject()).as("percent-decoded ce-subject").isEqualTo("Zürich 1");
      assertThat(binary.correlationId()).isEqualTo("corr binary");
      assertThat(binary.source()).isEqualTo("hand-written-producer");
      assertThat(natsaga.deadLetters().count()).isZero();
    }
  }

  @Test
  void eventsPublishedInsideAHandlerInheritCorrelationAndGetCausationAndTheMdcCarriesTheCorrelationId() throws Exception {
    String env = TestNatsaga.freshEnv();
    AtomicReference<Natsaga> self = new AtomicReference<>();
    Map<String, String> seen = new ConcurrentHashMap<>();
    AtomicReference<Event<Confirmed>> childSeen = new AtomicReference<>();
    HandlerRegistration<Confirmed> a = HandlerRegistration.onEvent(CONFIRMED, Confirmed.class, e -> {
      seen.put("a.mdc.correlationId", String.valueOf(MDC.get("correlationId")));
      seen.put("a.mdc.eventId", String.valueOf(MDC.get("eventId")));
      PublishResult r = self.get().publisher().publish(OutgoingEvent.command(AUTHORIZE, e.data()).subject(e.subject()).build());
      seen.put("child.id", r.eventId());
      seen.put("child.stream", r.stream());
      seen.put("child.sequence", Long.toString(r.sequence()));
    }).build();
    HandlerRegistration<Confirmed> b = HandlerRegistration.onCommand(AUTHORIZE, Confirmed.class, e -> {
      seen.put("b.mdc.correlationId", String.valueOf(MDC.get("correlationId")));
      childSeen.set(e);
    }).build();
    try (Natsaga natsaga = TestNatsaga.start(TestNatsaga.options(NATS.url(), env, SERVICE).build(), a, b)) {
      self.set(natsaga);
      String correlation = "corr-" + UUID.randomUUID();
      PublishResult original = natsaga.publisher().publish(OutgoingEvent.event(CONFIRMED, new Confirmed("b-7", 700))
          .subject("b-7").correlationId(correlation).build());

      await().atMost(Duration.ofSeconds(10)).until(() -> childSeen.get() != null);
      assertThat(seen.get("a.mdc.correlationId")).isEqualTo(correlation);
      assertThat(seen.get("a.mdc.eventId")).isEqualTo(original.eventId());

      Event<Confirmed> child = childSeen.get();
      assertThat(child.id()).isEqualTo(seen.get("child.id"));
      assertThat(child.correlationId()).isEqualTo(correlation);
      assertThat(child.causationId()).isEqualTo(original.eventId());
      assertThat(child.data()).isEqualTo(new Confirmed("b-7", 700));
      assertThat(seen.get("b.mdc.correlationId")).isEqualTo(correlation);

      MessageInfo raw = natsaga.connection().jetStreamManagement()
          .getMessage(seen.get("child.stream"), Long.parseLong(seen.get("child.sequence")));
      assertThat(raw.getSubject()).isEqualTo(env + "." + AUTHORIZE);
      JsonNode json = Json.mapper().readTree(raw.getData());
      assertThat(json.get("correlationid").asText()).isEqualTo(correlation);
      assertThat(json.get("causationid").asText()).isEqualTo(original.eventId());
      assertThat(json.get("source").asText()).isEqualTo(SERVICE);
    }
  }

  @Test
  void aHandlerRunningLongerThanTheAckWaitIsKeptAliveAndNotRedelivered() throws Exception {
    String env = TestNatsaga.freshEnv();
    HandledLog calls = new HandledLog();
    AtomicInteger finished = new AtomicInteger();
    List<Long> deliveries = Collections.synchronizedList(new ArrayList<>());
    HandlerRegistration<Confirmed> slow = HandlerRegistration.onEvent(CONFIRMED, Confirmed.class, e -> {
      calls.record(e);
      deliveries.add(e.delivery().deliveryCount());
      Thread.sleep(3500);
      finished.incrementAndGet();
    }).options(o -> o.withAckWait(Duration.ofSeconds(1)).withConcurrency(4)).build();
    try (Natsaga natsaga = TestNatsaga.start(TestNatsaga.options(NATS.url(), env, SERVICE).build(), slow)) {
      PublishResult r = natsaga.publisher().publish(CONFIRMED, new Confirmed("b-slow", 1));

      await().atMost(Duration.ofSeconds(10)).until(() -> finished.get() == 1);
      Thread.sleep(2500); // two more ack waits: a redelivery would show up now at the latest
      assertThat(calls.total()).as("handler runs for a 3.5 s handler with a 1 s ack wait").isEqualTo(1);
      assertThat(calls.count(r.eventId())).isEqualTo(1);
      assertThat(deliveries).containsExactly(1L);
      ConsumerInfo info = natsaga.connection().jetStreamManagement()
          .getConsumerInfo(r.stream(), slow.durableName(SERVICE));
      assertThat(info.getRedelivered()).as("redelivered messages").isZero();
      assertThat(info.getNumAckPending()).isZero();
      assertThat(natsaga.deadLetters().count()).isZero();
    }
  }

  private static Natsaga worker(String env, HandledLog log, AtomicInteger handlerMillis) throws Exception {
    return TestNatsaga.start(TestNatsaga.options(NATS.url(), env, SERVICE).build(),
        HandlerRegistration.onEvent(CONFIRMED, Confirmed.class, e -> {
          int ms = handlerMillis.get();
          if (ms > 0) {
            Thread.sleep(ms);
          }
          log.record(e);
        }).build());
  }

  private static List<String> publish(Natsaga publisher, int n, String prefix) {
    List<OutgoingEvent<?>> events = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      events.add(OutgoingEvent.event(CONFIRMED, new Confirmed(prefix + "-" + i, i)).subject(prefix + "-" + i).build());
    }
    List<String> ids = new ArrayList<>();
    for (PublishResult r : publisher.publisher().publishBatch(events)) {
      assertThat(r.duplicate()).isFalse();
      ids.add(r.eventId());
    }
    return ids;
  }

  private static void awaitAllHandled(List<String> ids, HandledLog... logs) {
    await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
      Set<String> handled = new HashSet<>();
      for (HandledLog log : logs) {
        handled.addAll(log.ids());
      }
      assertThat(handled).as("handled events").containsAll(ids);
    });
  }

  private static void assertExactlyOnce(List<String> ids, HandledLog... logs) {
    for (HandledLog log : logs) {
      assertThat(log.duplicates()).as("events handled twice by one instance").isEmpty();
    }
    List<String> wrong = new ArrayList<>();
    for (String id : ids) {
      int n = 0;
      for (HandledLog log : logs) {
        n += log.count(id);
      }
      if (n != 1) {
        wrong.add(id + " x" + n);
      }
    }
    assertThat(wrong).as("events not handled exactly once in total").isEmpty();
  }

  private static int countOf(List<String> ids, HandledLog log) {
    int n = 0;
    for (String id : ids) {
      n += log.count(id) > 0 ? 1 : 0;
    }
    return n;
  }

  private static ConsumerInfo consumerInfo(Natsaga natsaga, String env) throws Exception {
    String durable = HandlerRegistration.onEvent(CONFIRMED, Confirmed.class, e -> { }).build().durableName(SERVICE);
    return natsaga.connection().jetStreamManagement().getConsumerInfo(env.toUpperCase() + "_BOOKING", durable);
  }
}
