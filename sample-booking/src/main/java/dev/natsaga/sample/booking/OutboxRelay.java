package dev.natsaga.sample.booking;

import dev.natsaga.framework.EventPublisher;
import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.framework.PublishResult;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Publishes {@code booking_outbox} rows in order with {@code Nats-Msg-Id} = the row id, then marks them (a batch of up to
 * 100 pipelined, its acknowledged rows marked in one transaction). Woken after
 * each commit that wrote rows, polling every second as a fallback. A crash between publish and mark re-publishes the
 * same id, which the stream's duplicate window drops; two instances relaying at once are covered the same way.
 */
final class OutboxRelay implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
  private static final Duration POLL = Duration.ofSeconds(1);
  private static final int BATCH = 100;
  private static final long LINGER_MS = 2;
  private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

  private final DataSource dataSource;
  private final EventPublisher publisher;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition woken = lock.newCondition();
  private boolean wakeRequested;
  private volatile boolean running;
  private Thread thread;

  OutboxRelay(DataSource dataSource, EventPublisher publisher, Clock clock) {
    this.dataSource = dataSource;
    this.publisher = publisher;
    this.clock = clock;
  }

  synchronized void start() {
    if (thread != null) {
      return;
    }
    running = true;
    thread = new Thread(this::loop, "booking-outbox-relay");
    thread.setDaemon(true);
    thread.start();
  }

  /** Asks the relay to publish now; cheap, never blocks. */
  void wake() {
    lock.lock();
    try {
      wakeRequested = true;
      woken.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void loop() {
    while (running) {
      int relayed = 0;
      try {
        relayed = relayPending();
      } catch (RuntimeException | SQLException e) {
        LOG.warn("publishing booking events failed, retrying in {} ms: {}", POLL.toMillis(), e.toString());
      }
      awaitWake();
      if (relayed > 1) {
        linger();
      }
    }
  }

  /** Under load (several events last round) the next round waits {@value #LINGER_MS} ms to take more events in one transaction. */
  private void linger() {
    try {
      Thread.sleep(LINGER_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  private void awaitWake() {
    lock.lock();
    try {
      if (!wakeRequested && running) {
        woken.await(POLL.toMillis(), TimeUnit.MILLISECONDS);
      }
      wakeRequested = false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Publishes every pending row; @return how many. A batch is published pipelined ({@code publishAsync} for each row in
   * order, then the acks are awaited in order) and its acknowledged prefix is marked in one transaction; the first
   * failure stops the round (the rows from there on are offered again, a re-publish is de-duplicated by the stream).
   */
  int relayPending() throws SQLException {
    int published = 0;
    while (running) {
      List<OutboxMessage> batch;
      try (Connection c = dataSource.getConnection()) {
        batch = BookingOutbox.pending(c, BATCH);
      }
      List<UUID> acked = publish(batch);
      if (!acked.isEmpty()) {
        Instant now = clock.instant();
        Sql.inTransaction(dataSource, c -> {
          BookingOutbox.markPublished(c, acked, now);
          return null;
        });
      }
      published += acked.size();
      if (acked.size() < batch.size() || batch.size() < BATCH) {
        return published;
      }
    }
    return published;
  }

  /** Publishes the batch pipelined; @return the ids of its acknowledged prefix. */
  private List<UUID> publish(List<OutboxMessage> batch) {
    List<CompletableFuture<PublishResult>> acks = new ArrayList<>(batch.size());
    for (OutboxMessage m : batch) {
      acks.add(publisher.publishAsync(event(m)));
    }
    List<UUID> acked = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      OutboxMessage m = batch.get(i);
      try {
        acks.get(i).get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException | TimeoutException e) {
        LOG.warn("publishing {} for booking {} failed: {}", m.type(), m.subject(), e.getCause() != null ? e.getCause() : e);
        return acked;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return acked;
      }
      acked.add(m.id());
      logPublished(m);
    }
    return acked;
  }

  private static OutgoingEvent<byte[]> event(OutboxMessage m) {
    OutgoingEvent.Builder<byte[]> event = OutgoingEvent.of(m.type(), m.payloadJson().getBytes(StandardCharsets.UTF_8))
        .id(m.id().toString())
        .subject(m.subject());
    m.extensions().forEach(event::extension);
    return event.build();
  }

  private static void logPublished(OutboxMessage m) {
    if (!LOG.isInfoEnabled()) {
      return;
    }
    String correlation = m.extensions().get("correlationid");
    if (correlation != null) {
      MDC.put("correlationId", correlation);
    }
    try {
      LOG.info("published {} for booking {}", m.type(), m.subject());
    } finally {
      MDC.remove("correlationId");
    }
  }

  @Override
  public void close() {
    Thread t;
    synchronized (this) {
      t = thread;
      thread = null;
      running = false;
    }
    if (t == null) {
      return;
    }
    wake();
    try {
      t.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
