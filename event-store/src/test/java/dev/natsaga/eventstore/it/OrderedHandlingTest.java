package dev.natsaga.eventstore.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.natsaga.framework.EventHandler;
import dev.natsaga.framework.HandlerRegistration;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.framework.config.ConsumerOptions;
import dev.natsaga.framework.config.NatsagaOptions;
import dev.natsaga.framework.config.StreamOptions;
import dev.natsaga.test.nats.NatsServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Per-key ordering: 10,000 events over 100 keys, 2 instances × concurrency 8, each key's events handled in order. */
class OrderedHandlingTest {

  private static final int KEYS = 100;
  private static final int PER_KEY = 100;

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  @Test
  void sameKeyInStreamOrderAcrossTwoInstancesWithConcurrencyEight() throws Exception {
    String env = Stores.freshEnv();
    Map<String, List<Long>> seen = new ConcurrentHashMap<>();
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger maxInFlight = new AtomicInteger();
    AtomicInteger handled = new AtomicInteger();
    try (Natsaga one = start(env, seen, inFlight, maxInFlight, handled);
        Natsaga two = start(env, seen, inFlight, maxInFlight, handled)) {
      List<OutgoingEvent<?>> events = new ArrayList<>();
      for (int n = 0; n < PER_KEY; n++) {
        for (int k = 0; k < KEYS; k++) {
          events.add(OutgoingEvent.event("bank.account.deposited.v1", new Stores.Deposited("k" + k, n, 1)).subject("k" + k).build());
        }
      }
      one.publisher().publishBatch(events);
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (handled.get() < KEYS * PER_KEY && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      Thread.sleep(1000);   // anything handled twice would show up now
    }
    assertThat(handled.get()).isEqualTo(KEYS * PER_KEY);
    assertThat(seen).hasSize(KEYS);
    List<Long> expected = LongStream.range(0, PER_KEY).boxed().toList();
    seen.forEach((key, ns) -> assertThat(ns).as("order of key %s", key).isEqualTo(expected));
    assertThat(maxInFlight.get()).as("different keys ran in parallel").isGreaterThan(1);
  }

  @Test
  void failuresAreRetriedInPlaceAndTheStandByTakesOverInOrder() throws Exception {
    String env = Stores.freshEnv();
    Map<String, List<Long>> seen = new ConcurrentHashMap<>();
    Set<String> failedOnce = ConcurrentHashMap.newKeySet();
    AtomicInteger handled = new AtomicInteger();
    Map<String, AtomicInteger> byInstance = new ConcurrentHashMap<>();
    java.util.function.Function<String, EventHandler<Stores.Deposited>> flaky = instance -> e -> {
      if (e.data().n() % 7 == 3 && failedOnce.add(e.id())) {
        throw new IllegalStateException("first attempt of every 7th event fails");
      }
      LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(300_000));
      seen.computeIfAbsent(e.subject(), k -> Collections.synchronizedList(new ArrayList<>())).add(e.data().n());
      byInstance.computeIfAbsent(instance, i -> new AtomicInteger()).incrementAndGet();
      handled.incrementAndGet();
    };
    Natsaga one = start(env, flaky.apply("one"), 40);
    Natsaga two = start(env, flaky.apply("two"), 40);
    try {
      List<OutgoingEvent<?>> events = new ArrayList<>();
      for (int n = 0; n < 200; n++) {
        for (int k = 0; k < 10; k++) {
          events.add(OutgoingEvent.event("bank.account.deposited.v1", new Stores.Deposited("k" + k, n, 1)).subject("k" + k).build());
        }
      }
      one.publisher().publishBatch(events);
      awaitCount(handled, 100);
      String pinned = byInstance.containsKey("one") ? "one" : "two";
      (pinned.equals("one") ? one : two).close();   // the pinned instance stops; the stand-by takes over
      awaitCount(handled, 2000);
      Thread.sleep(500);
      assertThat(byInstance.get(pinned.equals("one") ? "two" : "one")).as("the stand-by took over").isNotNull();
    } finally {
      one.close();
      two.close();
    }
    assertThat(handled.get()).isEqualTo(2000);
    List<Long> expected = LongStream.range(0, 200).boxed().toList();
    seen.forEach((key, ns) -> assertThat(ns).as("order of key %s", key).isEqualTo(expected));
    assertThat(failedOnce).hasSize(10 * 29);
  }

  private static void awaitCount(AtomicInteger count, int target) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (count.get() < target && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(count.get()).isGreaterThanOrEqualTo(target);
  }

  private static Natsaga start(String env, Map<String, List<Long>> seen, AtomicInteger inFlight, AtomicInteger maxInFlight,
      AtomicInteger handled) throws Exception {
    return start(env, e -> {
      int now = inFlight.incrementAndGet();
      maxInFlight.accumulateAndGet(now, Math::max);
      LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(200_000));
      seen.computeIfAbsent(e.subject(), k -> Collections.synchronizedList(new ArrayList<>())).add(e.data().n());
      inFlight.decrementAndGet();
      handled.incrementAndGet();
    }, 1000);
  }

  private static Natsaga start(String env, EventHandler<Stores.Deposited> handler, int maxAckPending) throws Exception {
    NatsagaOptions options = NatsagaOptions.builder().natsUrl(NATS.url()).environment(env).serviceName("ledger")
        .streams(StreamOptions.defaults().withMaxAge(Duration.ZERO))
        .consumers(ConsumerOptions.defaults().withConcurrency(8).withMaxAckPending(maxAckPending).withBackoff(Duration.ofMillis(50), Duration.ofSeconds(1)))
        .shutdownTimeout(Duration.ofSeconds(5)).build();
    return Natsaga.builder(options).handler(HandlerRegistration.onEvent("bank.account.deposited.v1", Stores.Deposited.class, handler)
        .orderedByKey().includeAggregateEvents().build()).build().start();
  }
}
