package dev.natsaga.framework.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.natsaga.framework.Environment;
import dev.natsaga.framework.HandlerRegistration;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.framework.codec.CloudEventCodec;
import dev.natsaga.framework.config.NatsagaOptions;
import dev.natsaga.framework.idempotency.KvIdempotencyStore;
import dev.natsaga.test.nats.NatsServerExtension;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Idempotency claims travel pipelined: an idempotent consumer claims the ids of a pull as the messages arrive, not one
 * round trip per message when its handler starts; a claim whose message leaves without its handler (dead-lettered
 * before it, handed back on stop) is given up at once, so a redelivery or a new copy is not held off until the claim is
 * stale (5 minutes).
 */
@Timeout(60)
class PipelinedClaimsTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  private static final String TYPE = "payment.transaction.authorize.v1";
  private static final String DURABLE = "payment-service__payment_transaction_authorize_v1";

  @Test
  void theIdsOfAPullAreClaimedBeforeTheirHandlersRun() throws Exception {
    String env = TestNatsaga.freshEnv();
    CountDownLatch release = new CountDownLatch(1);
    Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    HandlerRegistration<Confirmed> blocking = HandlerRegistration.onCommand(TYPE, Confirmed.class, e -> {
      runs.computeIfAbsent(e.id(), k -> new AtomicInteger()).incrementAndGet();
      release.await(20, TimeUnit.SECONDS);
    }).idempotent().options(o -> o.withConcurrency(1)).build();
    try (Natsaga natsaga = TestNatsaga.start(options(env), blocking)) {
      List<String> ids = publish(natsaga, 20);
      KeyValue kv = bucket(natsaga, env);

      await().atMost(Duration.ofSeconds(10)).until(() -> runs.size() == 1);
      await().atMost(Duration.ofSeconds(10)).until(() -> claimed(kv, ids) == ids.size());
      assertThat(runs).hasSize(1);

      release.countDown();
      await().atMost(Duration.ofSeconds(15)).until(() -> runs.size() == ids.size());
      Thread.sleep(300);
      assertThat(runs.values()).allMatch(n -> n.get() == 1);
    }
  }

  @Test
  void aMessageDeadLetteredBeforeItsHandlerGivesItsClaimUp() throws Exception {
    String env = TestNatsaga.freshEnv();
    AtomicInteger handled = new AtomicInteger();
    try (Natsaga natsaga = TestNatsaga.start(options(env),
        HandlerRegistration.onCommand(TYPE, Confirmed.class, e -> handled.incrementAndGet()).idempotent().build())) {
      String id = UUID.randomUUID().toString();
      publishRaw(natsaga, env, id, "{\"bookingId\":\"b\",\"amount\":\"not a number\"}", "bad");
      KeyValue kv = bucket(natsaga, env);
      await().atMost(Duration.ofSeconds(10)).until(() -> deadLetters(natsaga, env) == 1);
      await().atMost(Duration.ofSeconds(5)).until(() -> !isClaimed(kv.get(DURABLE + "." + id)));

      publishRaw(natsaga, env, id, "{\"bookingId\":\"b\",\"amount\":5}", "good");

      await().atMost(Duration.ofSeconds(10)).until(() -> handled.get() == 1);
    }
  }

  @Test
  void messagesHandedBackOnStopGiveTheirClaimsUpAndAreHandledOnceByTheNextInstance() throws Exception {
    String env = TestNatsaga.freshEnv();
    CountDownLatch firstStarted = new CountDownLatch(1);
    Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    HandlerRegistration<Confirmed> slow = HandlerRegistration.onCommand(TYPE, Confirmed.class, e -> {
      runs.computeIfAbsent(e.id(), k -> new AtomicInteger()).incrementAndGet();
      firstStarted.countDown();
      Thread.sleep(500);
    }).idempotent().options(o -> o.withConcurrency(1)).build();
    List<String> ids;
    Natsaga first = TestNatsaga.start(options(env), slow);
    try {
      ids = publish(first, 30);
      assertThat(firstStarted.await(10, TimeUnit.SECONDS)).isTrue();
      await().atMost(Duration.ofSeconds(10)).until(() -> claimed(bucket(first, env), ids) > 1);
    } finally {
      first.close();
    }
    int handledByFirst = runs.size();
    assertThat(handledByFirst).isLessThan(ids.size());

    HandlerRegistration<Confirmed> fast = HandlerRegistration.onCommand(TYPE, Confirmed.class,
        e -> runs.computeIfAbsent(e.id(), k -> new AtomicInteger()).incrementAndGet()).idempotent().build();
    try (Natsaga second = TestNatsaga.start(options(env), fast)) {
      await().atMost(Duration.ofSeconds(15)).until(() -> runs.size() == ids.size());
      Thread.sleep(300);
      assertThat(runs.values()).allMatch(n -> n.get() == 1);
    }
  }

  private static NatsagaOptions options(String env) {
    return TestNatsaga.options(NATS.url(), env, "payment-service").build();
  }

  private static List<String> publish(Natsaga natsaga, int count) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add(natsaga.publisher().publish(OutgoingEvent.command(TYPE, new Confirmed("b" + i, i)).build()).eventId());
    }
    return ids;
  }

  private static KeyValue bucket(Natsaga natsaga, String env) throws Exception {
    return natsaga.connection().keyValue(KvIdempotencyStore.bucketName(Environment.of(env)));
  }

  private static long claimed(KeyValue kv, List<String> ids) throws Exception {
    long n = 0;
    for (String id : ids) {
      if (isClaimed(kv.get(DURABLE + "." + id))) {
        n++;
      }
    }
    return n;
  }

  private static boolean isClaimed(KeyValueEntry entry) {
    return entry != null && entry.getOperation() == KeyValueOperation.PUT && entry.getValueAsString().startsWith("claimed@");
  }

  private static long deadLetters(Natsaga natsaga, String env) throws Exception {
    return natsaga.connection().jetStreamManagement().getStreamInfo(Environment.of(env).dlqStreamName()).getStreamState().getMsgCount();
  }

  private static void publishRaw(Natsaga natsaga, String env, String eventId, String data, String copy) throws Exception {
    String json = "{\"specversion\":\"1.0\",\"id\":\"" + eventId + "\",\"source\":\"test\",\"type\":\"" + TYPE
        + "\",\"datacontenttype\":\"application/json\",\"data\":" + data + "}";
    Headers h = new Headers().put(CloudEventCodec.CONTENT_TYPE_HEADER, CloudEventCodec.STRUCTURED_CONTENT_TYPE)
        .put(CloudEventCodec.MSG_ID_HEADER, copy + "-" + eventId);
    natsaga.connection().jetStream().publish(NatsMessage.builder().subject(env + "." + TYPE).headers(h)
        .data(json.getBytes(StandardCharsets.UTF_8)).build());
  }
}
