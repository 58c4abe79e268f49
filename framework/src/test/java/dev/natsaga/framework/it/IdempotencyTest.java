package dev.natsaga.framework.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.natsaga.framework.Environment;
import dev.natsaga.framework.Event;
import dev.natsaga.framework.HandlerRegistration;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.framework.codec.CloudEventCodec;
import dev.natsaga.framework.config.NatsagaOptions;
import dev.natsaga.framework.idempotency.IdempotencyStore;
import dev.natsaga.framework.idempotency.KvIdempotencyStore;
import dev.natsaga.test.nats.NatsServerExtension;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(60)
class IdempotencyTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  private static final String TYPE = "payment.transaction.authorize.v1";

  @Test
  void sameEventIdWithDifferentMsgIdsRunsTheIdempotentHandlerOnce() throws Exception {
    String env = TestNatsaga.freshEnv();
    AtomicInteger calls = new AtomicInteger();
    AtomicInteger plainCalls = new AtomicInteger();
    NatsagaOptions options = TestNatsaga.options(NATS.url(), env, "payment-service").build();
    try (Natsaga natsaga = TestNatsaga.start(options,
        HandlerRegistration.onCommand(TYPE, Confirmed.class, e -> calls.incrementAndGet()).idempotent().build(),
        HandlerRegistration.onCommand(TYPE, Confirmed.class, e -> plainCalls.incrementAndGet()).name("plain").build())) {
      String eventId = UUID.randomUUID().toString();
      for (int copy = 0; copy < 3; copy++) {
        publishCopy(natsaga, env, eventId, "copy-" + copy);
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> plainCalls.get() == 3);
      Thread.sleep(300);
      assertThat(calls.get()).isEqualTo(1);
    }
  }

  @Test
  void twoInstancesReceivingCopiesAtOnceRunTheHandlerOnce() throws Exception {
    String env = TestNatsaga.freshEnv();
    Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    CountDownLatch bothStarted = new CountDownLatch(1);
    HandlerRegistration<Confirmed> slowIdempotent = HandlerRegistration.onCommand(TYPE, Confirmed.class, (Event<Confirmed> e) -> {
      runs.computeIfAbsent(e.id(), k -> new AtomicInteger()).incrementAndGet();
      bothStarted.await(java.util.concurrent.TimeUnit.MILLISECONDS.toMillis(300), java.util.concurrent.TimeUnit.MILLISECONDS);
    }).idempotent().options(o -> o.withConcurrency(4)).build();
    NatsagaOptions options = TestNatsaga.options(NATS.url(), env, "payment-service").build();
    try (Natsaga a = TestNatsaga.start(options, slowIdempotent); Natsaga b = TestNatsaga.start(options, slowIdempotent)) {
      List<String> ids = new java.util.ArrayList<>();
      for (int i = 0; i < 20; i++) {
        String id = UUID.randomUUID().toString();
        ids.add(id);
        publishCopy(a, env, id, "first-" + i);
        publishCopy(b, env, id, "second-" + i);
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> ids.stream().allMatch(runs::containsKey)
          && pending(a, env) == 0);
      assertThat(runs).hasSize(20);
      assertThat(runs.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
    }
  }

  @Test
  void aFailedAttemptReleasesTheClaimSoTheRetryRuns() throws Exception {
    String env = TestNatsaga.freshEnv();
    AtomicInteger calls = new AtomicInteger();
    NatsagaOptions options = TestNatsaga.options(NATS.url(), env, "payment-service").build();
    try (Natsaga natsaga = TestNatsaga.start(options, HandlerRegistration.onCommand(TYPE, Confirmed.class, e -> {
      if (calls.incrementAndGet() == 1) {
        throw new IllegalStateException("first attempt fails");
      }
    }).idempotent().build())) {
      natsaga.publisher().publish(OutgoingEvent.command(TYPE, new Confirmed("b", 1)).build());
      await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() == 2);
      Thread.sleep(300);
      assertThat(calls.get()).isEqualTo(2);
    }
  }

  /** Ids with characters a KV key cannot hold are mapped to a key, still one per id. */
  @Test
  void idsWithCharactersKeysCannotHoldAreStillHandledOncePerId() throws Exception {
    String env = TestNatsaga.freshEnv();
    Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    AtomicInteger plainCalls = new AtomicInteger();
    NatsagaOptions options = TestNatsaga.options(NATS.url(), env, "payment-service").build();
    try (Natsaga natsaga = TestNatsaga.start(options,
        HandlerRegistration.onCommand(TYPE, Confirmed.class, (Event<Confirmed> e) -> runs.computeIfAbsent(e.id(), k -> new AtomicInteger()).incrementAndGet())
            .idempotent().build(),
        HandlerRegistration.onCommand(TYPE, Confirmed.class, e -> plainCalls.incrementAndGet()).name("plain").build())) {
      List<String> ids = List.of("order 42.7/ü", "order-42-7", "a*b>c");
      for (String id : ids) {
        publishCopy(natsaga, env, id, UUID.randomUUID().toString());
        publishCopy(natsaga, env, id, UUID.randomUUID().toString());
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> plainCalls.get() == 6);
      Thread.sleep(300);
      assertThat(runs.keySet()).containsExactlyInAnyOrderElementsOf(ids);
      assertThat(runs.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
    }
  }

  /** The done mark goes out asynchronously; it must land under the key the claim reads, so a later copy is skipped. */
  @Test
  void theAsyncDoneMarkIsWhatALaterClaimSees() throws Exception {
    String env = TestNatsaga.freshEnv();
    AtomicInteger calls = new AtomicInteger();
    NatsagaOptions options = TestNatsaga.options(NATS.url(), env, "payment-service").build();
    try (Natsaga natsaga = TestNatsaga.start(options,
        HandlerRegistration.onCommand(TYPE, Confirmed.class, e -> calls.incrementAndGet()).idempotent().build())) {
      String id = natsaga.publisher().publish(OutgoingEvent.command(TYPE, new Confirmed("b", 1)).build()).eventId();
      await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() == 1);
      KvIdempotencyStore store = KvIdempotencyStore.create(natsaga.connection(), Environment.of(env), Duration.ofHours(1), 1);

      await().atMost(Duration.ofSeconds(5)).until(() ->
          store.claim("payment-service__payment_transaction_authorize_v1", id) == IdempotencyStore.Claim.DONE);
      assertThat(calls.get()).isEqualTo(1);
    }
  }

  private static long pending(Natsaga n, String env) throws Exception {
    return n.connection().jetStreamManagement().getConsumerInfo(env.toUpperCase() + "_PAYMENT",
        "payment-service__payment_transaction_authorize_v1").getNumAckPending();
  }

  /** Publishes the same CloudEvent id under a different Nats-Msg-Id, so the stream keeps both copies. */
  private static void publishCopy(Natsaga natsaga, String env, String eventId, String msgId) throws Exception {
    String json = "{\"specversion\":\"1.0\",\"id\":\"" + eventId + "\",\"source\":\"test\",\"type\":\"" + TYPE
        + "\",\"datacontenttype\":\"application/json\",\"data\":{\"bookingId\":\"b\",\"amount\":5}}";
    Headers h = new Headers().put(CloudEventCodec.CONTENT_TYPE_HEADER, CloudEventCodec.STRUCTURED_CONTENT_TYPE)
        .put(CloudEventCodec.MSG_ID_HEADER, msgId + "-" + eventId.hashCode());
    natsaga.connection().jetStream().publish(NatsMessage.builder().subject(env + "." + TYPE).headers(h)
        .data(json.getBytes(StandardCharsets.UTF_8)).build());
  }
}
