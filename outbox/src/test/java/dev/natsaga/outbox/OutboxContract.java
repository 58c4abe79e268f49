package dev.natsaga.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.natsaga.framework.Event;
import dev.natsaga.framework.EventContext;
import dev.natsaga.framework.EventPublisher;
import dev.natsaga.framework.HandlerRegistration;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.framework.PublishResult;
import dev.natsaga.test.nats.NatsServerExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The transactional outbox on one database with a real nats-server: the same tests on H2 and PostgreSQL. */
@Timeout(60)
abstract class OutboxContract {

  static final String PLACED = "shop.order.placed.v1";

  /** The payload of the test events. */
  record Placed(String orderId, int amount) {
  }

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  private final String env = Outboxes.freshEnv();
  private final List<Event<Placed>> received = new CopyOnWriteArrayList<>();
  private TestDatabase db;
  private Natsaga natsaga;
  private Outbox outbox;

  abstract TestDatabase database();

  @BeforeEach
  void start() throws Exception {
    db = database();
    natsaga = Natsaga.builder(Outboxes.options(NATS.url(), env, "shop-service")).domains("shop")
        .handler(HandlerRegistration.onEvent(PLACED, Placed.class, received::add).build())
        .build().start();
    outbox = Outbox.builder().dataSource(db.dataSource()).publisher(natsaga::publisher).build().start();
    Outboxes.createOrders(db.dataSource());
  }

  @AfterEach
  void stop() throws Exception {
    outbox.close();
    natsaga.close();
    db.close();
  }

  @Test
  void aCommittedEventIsPublishedOnceWithItsIdAsMsgIdAndTheRowCommitsWithIt() {
    OutgoingEvent<Placed> placed = OutgoingEvent.event(PLACED, new Placed("o-1", 42)).subject("o-1").build();
    outbox.inTransaction(c -> {
      Outboxes.insertOrder(c, "o-1");
      outbox.publish(c, placed);
      return null;
    });

    await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
    Event<Placed> event = received.get(0);
    assertThat(event.id()).isEqualTo(placed.id());
    assertThat(event.data()).isEqualTo(new Placed("o-1", 42));
    assertThat(event.subject()).isEqualTo("o-1");
    assertThat(event.source().toString()).isEqualTo("shop-service");
    assertThat(event.correlationId()).as("outside a handler an event starts its own correlation").isEqualTo(placed.id());
    assertThat(db.count("SELECT COUNT(*) FROM orders")).isOne();
    await().atMost(Duration.ofSeconds(5)).until(() -> outbox.relay().backlog().unpublished() == 0);
    assertThat(Outboxes.messagesInStream(natsaga, env)).isOne();
  }

  @Test
  void aRolledBackTransactionPublishesNothing() {
    assertThatThrownBy(() -> outbox.inTransaction(c -> {
      Outboxes.insertOrder(c, "o-2");
      outbox.publish(c, OutgoingEvent.event(PLACED, new Placed("o-2", 7)).build());
      throw new IllegalStateException("payment limit exceeded");
    })).hasMessage("payment limit exceeded");

    assertThat(outbox.relay().relayPending()).isZero();
    assertThat(db.count("SELECT COUNT(*) FROM natsaga_outbox")).isZero();
    assertThat(db.count("SELECT COUNT(*) FROM orders")).isZero();
    assertThat(Outboxes.messagesInStream(natsaga, env)).isZero();
    assertThat(received).isEmpty();
  }

  @Test
  void insideAHandlerTheEventInheritsCorrelationAndCausation() throws Exception {
    OutgoingEvent<Placed> first = OutgoingEvent.event(PLACED, new Placed("o-0", 0)).correlationId("corr-77").build();
    natsaga.publisher().publish(first);
    await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
    Event<Placed> cause = received.get(0);
    OutgoingEvent<Placed> effect = OutgoingEvent.event(PLACED, new Placed("o-3", 1)).build();
    EventContext.with(cause, () -> outbox.inTransaction(c -> {
      outbox.publish(c, effect);
      return null;
    }));

    await().atMost(Duration.ofSeconds(10)).until(() -> received.stream().anyMatch(e -> e.id().equals(effect.id())));
    Event<Placed> event = received.stream().filter(e -> e.id().equals(effect.id())).findFirst().orElseThrow();
    assertThat(event.correlationId()).isEqualTo(cause.correlationId());
    assertThat(event.causationId()).isEqualTo(cause.id());
  }

  @Test
  void theRelayIsWokenByTheCommitNotByPolling() throws Exception {
    outbox.close();
    try (Outbox slowPolling = Outbox.builder().dataSource(db.dataSource()).publisher(natsaga::publisher)
        .pollInterval(Duration.ofHours(1)).build().start()) {
      Thread.sleep(200);    // the relay's first round has found nothing and waits for a wake-up
      long before = System.nanoTime();
      slowPolling.inTransaction(c -> {
        slowPolling.publish(c, OutgoingEvent.event(PLACED, new Placed("o-4", 4)).build());
        return null;
      });
      await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 1);
      assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  void stoppingTheRelayPublishesWhatWasCommittedSinceItsLastRound() throws Exception {
    outbox.close();
    Outbox slowPolling = Outbox.builder().dataSource(db.dataSource()).publisher(natsaga::publisher)
        .pollInterval(Duration.ofHours(1)).build().start();
    Thread.sleep(200);    // the relay's first round has found nothing and waits an hour for a wake-up
    OutgoingEvent<Placed> last = OutgoingEvent.event(PLACED, new Placed("o-9", 9)).build();
    try (java.sql.Connection c = db.dataSource().getConnection()) {
      c.setAutoCommit(false);
      slowPolling.publish(c, last);    // the service's own transaction: committed without waking the relay
      c.commit();
    }
    Thread.sleep(300);
    assertThat(received).as("no round ran since the commit").isEmpty();

    slowPolling.close();

    assertThat(slowPolling.relay().backlog().unpublished()).isZero();
    await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 1);
    assertThat(received.get(0).id()).isEqualTo(last.id());
  }

  @Test
  void twoRelaysNeverPublishARowTwice() throws Exception {
    outbox.close();
    int events = 400;
    Outboxes.writeEvents(db.dataSource(), events, i -> OutgoingEvent.event(PLACED, new Placed("o-" + i, i)).build());
    RecordingPublisher first = new RecordingPublisher(natsaga.publisher());
    RecordingPublisher second = new RecordingPublisher(natsaga.publisher());
    try (OutboxRelay a = relay(first); OutboxRelay b = relay(second)) {
      CompletableFuture<Integer> ra = CompletableFuture.supplyAsync(a::relayPending);
      CompletableFuture<Integer> rb = CompletableFuture.supplyAsync(b::relayPending);
      int total = ra.get(30, TimeUnit.SECONDS) + rb.get(30, TimeUnit.SECONDS);
      total += a.relayPending() + b.relayPending();
      assertThat(total).isEqualTo(events);
    }
    Set<String> overlap = new HashSet<>(first.ids);
    overlap.retainAll(second.ids);
    assertThat(overlap).as("no row published by both relays").isEmpty();
    assertThat(first.ids.size() + second.ids.size()).isEqualTo(events);
    assertThat(first.duplicates + second.duplicates).as("no publish was a duplicate").isZero();
    await().atMost(Duration.ofSeconds(20)).until(() -> received.size() == events);
    assertThat(received.stream().map(Event::id).distinct().count()).isEqualTo(events);
  }

  @Test
  void anUnacknowledgedEventStaysForTheNextRoundAndBacklogAndPurgeSeeIt() throws Exception {
    outbox.close();
    Outboxes.writeEvents(db.dataSource(), 3, i -> OutgoingEvent.event(PLACED, new Placed("o-" + i, i)).build());
    RecordingPublisher failingSecond = new RecordingPublisher(natsaga.publisher());
    failingSecond.failIndex = 1;
    try (OutboxRelay relay = relay(failingSecond)) {
      assertThat(relay.relayPending()).isEqualTo(2);
      OutboxBacklog backlog = relay.backlog();
      assertThat(backlog.unpublished()).isOne();
      assertThat(backlog.oldestAge(Instant.now().plusSeconds(60))).isGreaterThan(Duration.ofSeconds(59));
      failingSecond.failIndex = -1;
      assertThat(relay.relayPending()).isOne();
      assertThat(relay.backlog()).isEqualTo(new OutboxBacklog(0, null));
      assertThat(relay.purgePublished(Instant.now().plusSeconds(1))).isEqualTo(3);
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 3);
  }

  private OutboxRelay relay(RecordingPublisher publisher) {
    return OutboxRelay.builder().dataSource(db.dataSource()).publisher(() -> publisher).batchSize(25).build();
  }

  /** Publishes through the real publisher and records which ids it published; can fail the n-th publish of a round. */
  static final class RecordingPublisher implements EventPublisher {
    final Set<String> ids = ConcurrentHashMap.newKeySet();
    final EventPublisher delegate;
    volatile int failIndex = -1;
    volatile int duplicates;
    private final List<String> seen = new ArrayList<>();

    RecordingPublisher(EventPublisher delegate) {
      this.delegate = delegate;
    }

    @Override
    public PublishResult publish(OutgoingEvent<?> event) {
      return delegate.publish(event);
    }

    @Override
    public synchronized CompletableFuture<PublishResult> publishAsync(OutgoingEvent<?> event) {
      if (seen.size() == failIndex) {
        seen.add(event.id());
        return CompletableFuture.failedFuture(new IllegalStateException("no acknowledgement"));
      }
      seen.add(event.id());
      return delegate.publishAsync(event).thenApply(r -> {
        ids.add(r.eventId());
        if (r.duplicate()) {
          duplicates++;
        }
        return r;
      });
    }

    @Override
    public List<PublishResult> publishBatch(List<? extends OutgoingEvent<?>> events) {
      return delegate.publishBatch(events);
    }

    @Override
    public void awaitInFlight(Duration timeout) throws InterruptedException {
      delegate.awaitInFlight(timeout);
    }
  }
}
