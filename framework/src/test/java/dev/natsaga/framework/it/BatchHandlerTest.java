package dev.natsaga.framework.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.natsaga.framework.BatchHandler;
import dev.natsaga.framework.BatchResult;
import dev.natsaga.framework.Event;
import dev.natsaga.framework.EventContext;
import dev.natsaga.framework.HandlerRegistration;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.NonRetryableException;
import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.framework.PublishResult;
import dev.natsaga.framework.codec.CloudEventCodec;
import dev.natsaga.framework.consume.HandlerInfo;
import dev.natsaga.framework.dlq.DeadLetter;
import dev.natsaga.framework.dlq.DeadLetterReason;
import dev.natsaga.framework.payload.PayloadRejectedException;
import dev.natsaga.framework.payload.PayloadStage;
import dev.natsaga.test.nats.NatsServerExtension;
import dev.natsaga.framework.observe.MetricNames;
import dev.natsaga.framework.observe.TraceAttributes;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.cloudevents.CloudEvent;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Batch handlers against a real nats-server: batches form and each event is settled on its own (a failed one retried
 * alone, a poison one dead-lettered alone, one a payload stage refuses never reaching the batch), a whole-batch failure
 * retries every event, a batch running longer than the ack wait is kept alive, idempotency holds across two instances,
 * and stopping hands back what was not started.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class BatchHandlerTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  private static final String CONFIRMED = "booking.appointment.confirmed.v1";
  private static final String SERVICE = "ledger-service";

  /** What a batch handler saw: each event's runs and each batch's size. */
  private static final class Batches {
    final HandledLog runs = new HandledLog();
    final List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
    final Map<String, List<Long>> deliveries = new ConcurrentHashMap<>();

    void saw(List<Event<Confirmed>> events) {
      sizes.add(events.size());
      for (Event<Confirmed> e : events) {
        runs.record(e);
        deliveries.computeIfAbsent(e.data().bookingId(), k -> Collections.synchronizedList(new ArrayList<>()))
            .add(e.delivery().deliveryCount());
      }
    }

    int largest() {
      synchronized (sizes) {
        return sizes.stream().mapToInt(Integer::intValue).max().orElse(0);
      }
    }
  }

  @Test
  void oneFailedEventOfABatchIsRetriedAloneWhileTheOthersAreAcknowledgedOnce() throws Exception {
    String env = TestNatsaga.freshEnv();
    Batches seen = new Batches();
    BatchHandler<Confirmed> handler = events -> {
      seen.saw(events);
      BatchResult.Builder result = BatchResult.builder();
      for (Event<Confirmed> e : events) {
        if (e.data().bookingId().equals("b-7") && e.delivery().deliveryCount() == 1) {
          result.failed(e, new IllegalStateException("slot table locked"));
        }
      }
      return result.build();
    };
    HandlerRegistration<Confirmed> reg = HandlerRegistration.onEventBatch(CONFIRMED, Confirmed.class, handler)
        .batch(10, Duration.ofMillis(200)).build();
    try (Natsaga natsaga = TestNatsaga.start(TestNatsaga.options(NATS.url(), env, SERVICE).build(), reg)) {
      List<String> ids = publish(natsaga, 40, "b");

      await().atMost(Duration.ofSeconds(20)).until(() -> seen.runs.ids().containsAll(ids) && seen.runs.total() == 41);
      assertThat(seen.largest()).as("events arrive in batches of up to 10").isBetween(2, 10);
      assertThat(seen.deliveries.get("b-7")).as("the failed event is redelivered once").containsExactly(1L, 2L);
      assertThat(seen.runs.duplicates()).as("only the failed event ran twice").containsExactly(ids.get(7));
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(consumer(natsaga, env, reg).getNumAckPending()).isZero());
      assertThat(consumer(natsaga, env, reg).getRedelivered()).isZero();
      assertThat(natsaga.deadLetters().count()).isZero();
    }
  }

  @Test
  void aPoisonEventIsDeadLetteredAloneAndOneAStageRefusesNeverReachesTheBatch() throws Exception {
    String env = TestNatsaga.freshEnv();
    Batches seen = new Batches();
    BatchHandler<Confirmed> handler = events -> {
      seen.saw(events);
      BatchResult.Builder result = BatchResult.builder();
      events.stream().filter(e -> e.data().bookingId().equals("b-3"))
          .forEach(e -> result.failed(e, new NonRetryableException("booking b-3 names a deleted service")));
      return result.build();
    };
    try (Natsaga natsaga = Natsaga.builder(TestNatsaga.options(NATS.url(), env, SERVICE).build()).domains("booking")
        .payloadStage(new RefuseBooking("b-5"))
        .handler(HandlerRegistration.onEventBatch(CONFIRMED, Confirmed.class, handler).batch(20, Duration.ofMillis(200)).build())
        .build().start()) {
      List<String> ids = publish(natsaga, 20, "b");

      await().atMost(Duration.ofSeconds(20)).until(() -> natsaga.deadLetters().count() == 2 && seen.runs.total() == 19);
      assertThat(seen.runs.ids()).as("the refused event never reaches the handler").doesNotContain(ids.get(5)).hasSize(19);
      assertThat(seen.runs.duplicates()).isEmpty();
      List<DeadLetter> dead = natsaga.deadLetters().list(0, 10);
      assertThat(dead).extracting(DeadLetter::reason)
          .containsExactlyInAnyOrder(DeadLetterReason.NON_RETRYABLE, DeadLetterReason.SCHEMA_VIOLATION);
      assertThat(dead).filteredOn(d -> d.reason() == DeadLetterReason.NON_RETRYABLE).singleElement()
          .satisfies(d -> assertThat(d.error()).contains("b-3 names a deleted service"));
      Thread.sleep(500);
      assertThat(seen.runs.total()).as("nothing is redelivered").isEqualTo(19);
    }
  }

  @Test
  void aBatchHandlerThrowingRetriesEveryEventOfTheBatch() throws Exception {
    String env = TestNatsaga.freshEnv();
    Batches seen = new Batches();
    AtomicBoolean failedOnce = new AtomicBoolean();
    BatchHandler<Confirmed> handler = events -> {
      seen.saw(events);
      if (failedOnce.compareAndSet(false, true)) {
        throw new NonRetryableException("database unreachable");
      }
      return BatchResult.allSucceeded();
    };
    HandlerRegistration<Confirmed> reg = HandlerRegistration.onEventBatch(CONFIRMED, Confirmed.class, handler)
        .batch(50, Duration.ofMillis(300)).build();
    try (Natsaga natsaga = TestNatsaga.start(TestNatsaga.options(NATS.url(), env, SERVICE).build(), reg)) {
      List<String> ids = publish(natsaga, 5, "b");

      await().atMost(Duration.ofSeconds(20)).until(() -> seen.runs.ids().containsAll(ids)
          && ids.stream().allMatch(id -> seen.runs.count(id) >= 1) && seen.sizes.size() >= 2);
      int first = seen.sizes.get(0);
      await().atMost(Duration.ofSeconds(10)).until(() -> seen.runs.total() == 5 + first);
      assertThat(seen.runs.duplicates()).as("every event of the failed batch ran again").hasSize(first);
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(consumer(natsaga, env, reg).getNumAckPending()).isZero());
      assertThat(natsaga.deadLetters().count()).as("a whole-batch failure never dead-letters").isZero();
    }
  }

  @Test
  void aBatchRunningLongerThanTheAckWaitIsKeptAliveAndNotRedelivered() throws Exception {
    String env = TestNatsaga.freshEnv();
    Batches seen = new Batches();
    AtomicInteger finished = new AtomicInteger();
    HandlerRegistration<Confirmed> reg = HandlerRegistration.onEventBatch(CONFIRMED, Confirmed.class, (List<Event<Confirmed>> events) -> {
      seen.saw(events);
      Thread.sleep(3500);
      finished.addAndGet(events.size());
      return BatchResult.allSucceeded();
    }).batch(3, Duration.ofMillis(500)).options(o -> o.withAckWait(Duration.ofSeconds(1))).build();
    try (Natsaga natsaga = TestNatsaga.start(TestNatsaga.options(NATS.url(), env, SERVICE).build(), reg)) {
      publish(natsaga, 3, "slow");

      await().atMost(Duration.ofSeconds(15)).until(() -> finished.get() == 3);
      Thread.sleep(2500); // two more ack waits: a redelivery would show up now at the latest
      assertThat(seen.runs.total()).as("a 3.5 s batch with a 1 s ack wait runs once per event").isEqualTo(3);
      assertThat(seen.runs.duplicates()).isEmpty();
      ConsumerInfo info = consumer(natsaga, env, reg);
      assertThat(info.getRedelivered()).isZero();
      assertThat(info.getNumAckPending()).isZero();
    }
  }

  @Test
  void twoIdempotentInstancesHandleEachEventOnceAndSkipACopyPublishedAgain() throws Exception {
    String env = TestNatsaga.freshEnv();
    Batches one = new Batches();
    Batches two = new Batches();
    try (Natsaga a = idempotentWorker(env, one); Natsaga b = idempotentWorker(env, two)) {
      List<String> ids = publish(a, 300, "b");
      await().atMost(Duration.ofSeconds(30)).until(() -> one.runs.total() + two.runs.total() == 300);
      for (int i = 0; i < 50; i++) {
        publishCopy(a, env, ids.get(i), "copy");
      }
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
          assertThat(a.connection().jetStreamManagement().getConsumerInfo(env.toUpperCase() + "_BOOKING",
              "ledger-service__booking_appointment_confirmed_v1").getNumPending()).isZero());
      Thread.sleep(500);
      assertThat(one.runs.total() + two.runs.total()).as("copies of handled events are skipped").isEqualTo(300);
      for (String id : ids) {
        assertThat(one.runs.count(id) + two.runs.count(id)).as("runs of %s", id).isEqualTo(1);
      }
      assertThat(one.runs.total()).isPositive();
      assertThat(two.runs.total()).isPositive();
    }
  }

  @Test
  void stoppingHandsBackTheMessagesNotYetInABatchAndAnotherInstanceHandlesThem() throws Exception {
    String env = TestNatsaga.freshEnv();
    Batches one = new Batches();
    Batches two = new Batches();
    Natsaga first = slowWorker(env, one);
    try (Natsaga publisher = TestNatsaga.start(TestNatsaga.options(NATS.url(), env, "booking-service").build())) {
      List<String> ids = publish(publisher, 300, "b");
      await().atMost(Duration.ofSeconds(20)).until(() -> one.runs.total() >= 20);
      first.close();
      int atStop = one.runs.total();
      assertThat(atStop).as("still in progress at the stop").isLessThan(300);
      try (Natsaga second = slowWorker(env, two)) {
        await().atMost(Duration.ofSeconds(40)).until(() -> one.runs.total() + two.runs.total() >= 300);
        assertThat(one.runs.total()).as("the stopped instance handles nothing after close()").isEqualTo(atStop);
        for (String id : ids) {
          assertThat(one.runs.count(id) + two.runs.count(id)).as("runs of %s", id).isEqualTo(1);
        }
      }
    } finally {
      first.close();
    }
  }

  @Test
  void aBatchHasOneConsumerSpanLinkedToTheProcessSpanOfEachOfItsMessagesAndItsSizeIsMeasured() throws Exception {
    String env = TestNatsaga.freshEnv();
    Batches seen = new Batches();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (TestTracing tracing = new TestTracing();
        Natsaga natsaga = Natsaga.builder(TestNatsaga.options(NATS.url(), env, SERVICE).build()).domains("booking")
            .handler(HandlerRegistration.onEventBatch(CONFIRMED, Confirmed.class, recording(seen)).batch(8, Duration.ofMillis(300)).build())
            .openTelemetry(tracing.sdk).meterRegistry(registry).build().start()) {
      publish(natsaga, 8, "b");
      await().atMost(Duration.ofSeconds(10)).until(() -> seen.runs.total() == 8
          && tracing.spans(SpanKind.CONSUMER, CONFIRMED).size() == 8 + seen.sizes.size());

      List<SpanData> consumer = tracing.spans(SpanKind.CONSUMER, CONFIRMED);
      List<SpanData> batches = consumer.stream()
          .filter(s -> s.getAttributes().get(TraceAttributes.BATCH_MESSAGE_COUNT) != null).toList();
      assertThat(batches).hasSize(seen.sizes.size());
      List<String> linked = batches.stream().flatMap(b -> b.getLinks().stream()).map(l -> l.getSpanContext().getSpanId()).toList();
      List<String> perMessage = consumer.stream().filter(s -> !batches.contains(s)).map(SpanData::getSpanId).toList();
      assertThat(perMessage).hasSize(8);
      assertThat(linked).as("each message's process span is linked from its batch span").containsExactlyInAnyOrderElementsOf(perMessage);
      assertThat(batches).allSatisfy(b -> assertThat(b.getAttributes().get(TraceAttributes.BATCH_MESSAGE_COUNT))
          .isEqualTo((long) b.getLinks().size()));
      DistributionSummary sizes = registry.get(MetricNames.BATCH_SIZE).tag("handler", "ledger-service__booking_appointment_confirmed_v1")
          .summary();
      assertThat(sizes.count()).isEqualTo(seen.sizes.size());
      assertThat(sizes.totalAmount()).isEqualTo(8.0);
    }
  }

  @Test
  void aBatchLargerThanMaxAckPendingIsBoundedByItAndEveryEventIsHandledOnce() throws Exception {
    String env = TestNatsaga.freshEnv();
    Batches seen = new Batches();
    HandlerRegistration<Confirmed> reg = HandlerRegistration.onEventBatch(CONFIRMED, Confirmed.class, recording(seen)).batch(50, Duration.ofMillis(100)).options(o -> o.withMaxAckPending(5)).build();
    try (Natsaga natsaga = TestNatsaga.start(TestNatsaga.options(NATS.url(), env, SERVICE).build(), reg)) {
      List<String> ids = publish(natsaga, 60, "b");

      await().atMost(Duration.ofSeconds(20)).until(() -> seen.runs.ids().containsAll(ids));
      assertThat(seen.largest()).as("no batch holds more than maxAckPending messages").isBetween(2, 5);
      assertThat(seen.runs.total()).isEqualTo(60);
      assertThat(seen.runs.duplicates()).isEmpty();
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(consumer(natsaga, env, reg).getNumAckPending()).isZero());
      assertThat(consumer(natsaga, env, reg).getRedelivered()).isZero();
    }
  }

  @Test
  void orderedByKeyBatchesKeepEachKeysEventsInStreamOrderAcrossRetries() throws Exception {
    String env = TestNatsaga.freshEnv();
    Map<String, List<Long>> amountsByKey = new ConcurrentHashMap<>();
    AtomicBoolean failedOnce = new AtomicBoolean();
    AtomicInteger largest = new AtomicInteger();
    HandlerRegistration<Confirmed> reg = HandlerRegistration.onEventBatch(CONFIRMED, Confirmed.class, (List<Event<Confirmed>> events) -> {
      largest.accumulateAndGet(events.size(), Math::max);
      BatchResult.Builder result = BatchResult.builder();
      for (Event<Confirmed> e : events) {
        if (e.data().amount() == 7 && failedOnce.compareAndSet(false, true)) {
          result.failed(e, new IllegalStateException("ledger busy"));   // retried in place, before the key's later events
          continue;
        }
        amountsByKey.computeIfAbsent(e.subject(), k -> Collections.synchronizedList(new ArrayList<>())).add(e.data().amount());
      }
      return result.build();
    }).batch(8, Duration.ofMillis(50)).orderedByKey().build();
    try (Natsaga natsaga = TestNatsaga.start(TestNatsaga.options(NATS.url(), env, SERVICE).build(), reg)) {
      List<OutgoingEvent<?>> events = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        events.add(OutgoingEvent.event(CONFIRMED, new Confirmed("b-" + i, i)).subject("key-" + (i % 3)).build());
      }
      natsaga.publisher().publishBatch(events);

      await().atMost(Duration.ofSeconds(20)).until(() -> amountsByKey.values().stream().mapToInt(List::size).sum() == 60);
      for (int k = 0; k < 3; k++) {
        List<Long> expected = new ArrayList<>();
        for (long i = k; i < 60; i += 3) {
          expected.add(i);
        }
        assertThat(amountsByKey.get("key-" + k)).as("events of key-%d in stream order", k).containsExactlyElementsOf(expected);
      }
      assertThat(largest.get()).as("keys' lanes fill a batch together").isGreaterThan(1);
    }
  }

  @Test
  void aLoneEventDoesNotWaitForTheMaxWaitWhenNothingElseIsOnItsWay() throws Exception {
    String env = TestNatsaga.freshEnv();
    Batches seen = new Batches();
    HandlerRegistration<Confirmed> reg = HandlerRegistration.onEventBatch(CONFIRMED, Confirmed.class, recording(seen)).batch(64, Duration.ofSeconds(5)).build();
    try (Natsaga natsaga = TestNatsaga.start(TestNatsaga.options(NATS.url(), env, SERVICE).build(), reg)) {
      long start = System.nanoTime();
      publish(natsaga, 1, "alone");
      await().atMost(Duration.ofSeconds(10)).until(() -> seen.runs.total() == 1);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).as("far below the 5 s maxWait").isLessThan(Duration.ofSeconds(2));
    }
  }

  @Test
  void insideABatchEventContextOpenGivesEachEventItsCorrelationAndTrace() throws Exception {
    String env = TestNatsaga.freshEnv();
    Map<String, Map<String, String>> inherited = new ConcurrentHashMap<>();
    Map<String, String> outside = new ConcurrentHashMap<>();
    try (TestTracing tracing = new TestTracing()) {
      HandlerRegistration<Confirmed> reg = HandlerRegistration.onEventBatch(CONFIRMED, Confirmed.class, (List<Event<Confirmed>> events) -> {
        outside.putAll(EventContext.inheritedExtensions("new-outside"));
        for (Event<Confirmed> e : events) {
          try (EventContext.Scope scope = EventContext.open(e)) {
            inherited.put(e.id(), EventContext.inheritedExtensions("new-" + e.id()));
            tracing.sdk.getTracer("test").spanBuilder("inner " + e.id()).startSpan().end();
          }
        }
        return BatchResult.allSucceeded();
      }).batch(8, Duration.ofMillis(300)).build();
      try (Natsaga natsaga = Natsaga.builder(TestNatsaga.options(NATS.url(), env, SERVICE).build()).domains("booking")
          .handler(reg).openTelemetry(tracing.sdk).build().start()) {
        List<OutgoingEvent<?>> events = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          events.add(OutgoingEvent.event(CONFIRMED, new Confirmed("b-" + i, i)).correlationId("corr-" + i).build());
        }
        List<String> ids = natsaga.publisher().publishBatch(events).stream().map(PublishResult::eventId).toList();
        await().atMost(Duration.ofSeconds(10)).until(() -> inherited.size() == 4
            && tracing.exporter.getFinishedSpanItems().stream().filter(s -> s.getName().startsWith("inner ")).count() == 4);

        for (int i = 0; i < 4; i++) {
          assertThat(inherited.get(ids.get(i))).containsEntry("correlationid", "corr-" + i).containsEntry("causationid", ids.get(i));
        }
        assertThat(outside).as("outside open(): no single event's correlation").containsEntry("correlationid", "new-outside")
            .doesNotContainKey("causationid");
        List<SpanData> spans = tracing.exporter.getFinishedSpanItems();
        for (String id : ids) {
          SpanData inner = spans.stream().filter(s -> s.getName().equals("inner " + id)).findFirst().orElseThrow();
          SpanData process = spans.stream().filter(s -> s.getKind() == SpanKind.CONSUMER && id.equals(
              s.getAttributes().get(TraceAttributes.CE_ID))).findFirst().orElseThrow();
          assertThat(inner.getParentSpanId()).as("a span inside open(e) is a child of e's process span").isEqualTo(process.getSpanId());
          assertThat(inner.getTraceId()).isEqualTo(process.getTraceId());
        }
      }
    }
  }

  @Test
  void batchSettingsAreValidatedAndOnlyForBatchRegistrations() {
    assertThatThrownBy(() -> HandlerRegistration.onEvent(CONFIRMED, Confirmed.class, e -> { }).batch(10, Duration.ZERO))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("onEventBatch");
    assertThatThrownBy(() -> HandlerRegistration.onEventBatch(CONFIRMED, Confirmed.class, e -> BatchResult.allSucceeded())
        .batch(0, Duration.ZERO)).hasMessageContaining("maxBatch");
    assertThatThrownBy(() -> HandlerRegistration.onCommandBatch(CONFIRMED, Confirmed.class, e -> BatchResult.allSucceeded()))
        .hasMessageContaining("imperative");
  }

  /** A batch handler that records what it saw and succeeds. */
  private static BatchHandler<Confirmed> recording(Batches seen) {
    return events -> {
      seen.saw(events);
      return BatchResult.allSucceeded();
    };
  }

  private static Natsaga idempotentWorker(String env, Batches seen) throws Exception {
    return TestNatsaga.start(TestNatsaga.options(NATS.url(), env, SERVICE).build(),
        HandlerRegistration.onEventBatch(CONFIRMED, Confirmed.class, recording(seen)).batch(16, Duration.ofMillis(20)).idempotent().build());
  }

  private static Natsaga slowWorker(String env, Batches seen) throws Exception {
    return TestNatsaga.start(TestNatsaga.options(NATS.url(), env, SERVICE).build(),
        HandlerRegistration.onEventBatch(CONFIRMED, Confirmed.class, (List<Event<Confirmed>> events) -> {
          Thread.sleep(100);
          seen.saw(events);
          return BatchResult.allSucceeded();
        }).batch(5, Duration.ofMillis(20)).build());
  }

  private static List<String> publish(Natsaga natsaga, int n, String prefix) {
    List<OutgoingEvent<?>> events = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      events.add(OutgoingEvent.event(CONFIRMED, new Confirmed(prefix + "-" + i, i)).subject(prefix + "-" + i).build());
    }
    List<String> ids = new ArrayList<>();
    for (PublishResult r : natsaga.publisher().publishBatch(events)) {
      ids.add(r.eventId());
    }
    return ids;
  }

  private static ConsumerInfo consumer(Natsaga natsaga, String env, HandlerRegistration<?> reg) throws Exception {
    return natsaga.connection().jetStreamManagement().getConsumerInfo(env.toUpperCase() + "_BOOKING", reg.durableName(SERVICE));
  }

  /** Publishes the same CloudEvent id under a different Nats-Msg-Id, so the stream keeps both copies. */
  private static void publishCopy(Natsaga natsaga, String env, String eventId, String msgId) throws Exception {
    String json = "{\"specversion\":\"1.0\",\"id\":\"" + eventId + "\",\"source\":\"test\",\"type\":\"" + CONFIRMED
        + "\",\"datacontenttype\":\"application/json\",\"data\":{\"bookingId\":\"copy\",\"amount\":5}}";
    Headers h = new Headers().put(CloudEventCodec.CONTENT_TYPE_HEADER, CloudEventCodec.STRUCTURED_CONTENT_TYPE)
        .put(CloudEventCodec.MSG_ID_HEADER, msgId + "-" + eventId);
    natsaga.connection().jetStream().publish(NatsMessage.builder().subject(env + "." + CONFIRMED).headers(h)
        .data(json.getBytes(StandardCharsets.UTF_8)).build());
  }

  /** Refuses (as a schema violation) the event of one booking id on the way in; passes everything else. */
  private static final class RefuseBooking implements PayloadStage {
    private final String bookingId;

    RefuseBooking(String bookingId) {
      this.bookingId = bookingId;
    }

    @Override
    public CloudEvent outgoing(CloudEvent event) {
      return event;
    }

    @Override
    public CloudEvent incoming(CloudEvent event, HandlerInfo handler) throws PayloadRejectedException {
      String data = new String(event.getData().toBytes(), StandardCharsets.UTF_8);
      if (data.contains("\"" + bookingId + "\"")) {
        throw new PayloadRejectedException(DeadLetterReason.SCHEMA_VIOLATION, "booking " + bookingId + " refused");
      }
      return event;
    }
  }
}
