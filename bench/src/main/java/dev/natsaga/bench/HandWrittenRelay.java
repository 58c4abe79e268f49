package dev.natsaga.bench;

import io.nats.client.JetStream;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hand-written saga's outbox relay: one thread that publishes the committed, unpublished rows of {@code hw_outbox}
 * (up to {@value #ROUND} per round, pipelined, the row id as {@code Nats-Msg-Id} so a round repeated after a crash is
 * deduplicated by the stream) and marks the acknowledged ones published in one transaction. Woken by each commit that
 * wrote a row, and every 10 ms regardless.
 */
final class HandWrittenRelay implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(HandWrittenRelay.class);

  static final int ROUND = 256;
  private static final String UNPUBLISHED = "SELECT id, subject, payload FROM hw_outbox WHERE published_at IS NULL ORDER BY id LIMIT "
      + ROUND;
  private static final String MARK = "UPDATE hw_outbox SET published_at = ? WHERE id = ?";

  private final DataSource db;
  private final JetStream js;
  private final Semaphore wake = new Semaphore(0);
  private final Thread thread;
  private volatile boolean running = true;

  private record Row(long id, String subject, String payload) {
  }

  HandWrittenRelay(DataSource db, JetStream js) {
    this.db = db;
    this.js = js;
    this.thread = new Thread(this::loop, "hw-relay");
    thread.setDaemon(true);
    thread.start();
  }

  /** A commit wrote a row: relay now. */
  void wake() {
    wake.release();
  }

  private void loop() {
    while (running) {
      try {
        if (round() < ROUND) {
          wake.tryAcquire(10, TimeUnit.MILLISECONDS);
          wake.drainPermits();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        LOG.warn("relay round failed, retrying: {}", e.toString());
        sleep();
      }
    }
  }

  /** Publishes one round and marks it; @return how many rows it relayed. */
  private int round() throws Exception {
    List<Row> rows = unpublished();
    List<CompletableFuture<PublishAck>> acks = new ArrayList<>(rows.size());
    for (Row r : rows) {
      Headers h = new Headers().add("Nats-Msg-Id", "hw-outbox-" + r.id());
      acks.add(js.publishAsync(NatsMessage.builder().subject(r.subject()).headers(h)
          .data(r.payload().getBytes(StandardCharsets.UTF_8)).build()));
    }
    CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    if (!rows.isEmpty()) {
      markPublished(rows);
    }
    return rows.size();
  }

  private List<Row> unpublished() throws SQLException {
    List<Row> rows = new ArrayList<>();
    try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(UNPUBLISHED); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        rows.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3)));
      }
    }
    return rows;
  }

  private void markPublished(List<Row> rows) throws SQLException {
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement(MARK)) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        for (Row r : rows) {
          ps.setObject(1, now);
          ps.setLong(2, r.id());
          ps.addBatch();
        }
        ps.executeBatch();
      }
      c.commit();
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.interrupt();
    thread.join(5_000);
  }
}
