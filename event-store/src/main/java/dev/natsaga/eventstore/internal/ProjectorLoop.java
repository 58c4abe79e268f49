package dev.natsaga.eventstore.internal;

import dev.natsaga.eventstore.ProjectionHandler;
import dev.natsaga.eventstore.StartPosition;
import dev.natsaga.framework.config.Backoff;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The projector's thread: reads the feed from the checkpoint on and applies each event in its own transaction with the
 * checkpoint update. A failing event is retried (with backoff) until it succeeds or the loop stops; it is never
 * skipped, so the read model never misses an event. A message that is not a valid CloudEvent only moves the
 * checkpoint.
 */
public final class ProjectorLoop {

  private static final Logger LOG = LoggerFactory.getLogger(ProjectorLoop.class);
  private static final Duration POLL = Duration.ofMillis(500);

  private final String name;
  private final DomainFeed feed;
  private final DataSource dataSource;
  private final ProjectionHandler handler;
  private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10));
  private volatile boolean running;
  private volatile long pending;
  private Thread thread;
  private Connection connection;

  public ProjectorLoop(String name, DomainFeed feed, DataSource dataSource, ProjectionHandler handler) {
    this.name = name;
    this.feed = feed;
    this.dataSource = dataSource;
    this.handler = handler;
  }

  public void start(long checkpoint) {
    feed.open(StartPosition.sequence(checkpoint + 1));
    running = true;
    thread = new Thread(this::run, "natsaga-projection-" + name);
    thread.setDaemon(true);
    thread.start();
    LOG.info("projection {} started after checkpoint {}", name, checkpoint);
  }

  /** Messages the server had not delivered yet after the last one read. */
  public long pending() {
    return pending;
  }

  private void run() {
    try {
      while (running) {
        DomainFeed.FeedEvent e = feed.next(POLL);
        if (e != null) {
          applyUntilDone(e);
          pending = e.pending();
        }
      }
    } catch (InterruptedException stop) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException ex) {
      LOG.error("projection {} stopped: {}", name, ex.toString(), ex);
    } finally {
      closeConnection(false);
    }
  }

  private void applyUntilDone(DomainFeed.FeedEvent e) throws InterruptedException {
    for (int attempt = 1; running; attempt++) {
      try {
        apply(e);
        return;
      } catch (SQLException | RuntimeException ex) {
        Duration delay = backoff.delay(attempt);
        LOG.warn("projection {} failed on sequence {} (attempt {}), retrying in {} ms: {}", name, e.sequence(), attempt,
            delay.toMillis(), ex.toString());
        Thread.sleep(delay.toMillis());
      }
    }
  }

  /** One transaction on the loop's connection (kept open between events; replaced after a failure). */
  private void apply(DomainFeed.FeedEvent e) throws SQLException {
    if (connection == null) {
      connection = dataSource.getConnection();
      connection.setAutoCommit(false);
    }
    try {
      if (CheckpointSql.advance(connection, name, e.sequence()) && e.event() != null) {
        handler.apply(e.event(), connection);
      }
      connection.commit();
    } catch (SQLException | RuntimeException ex) {
      closeConnection(true);
      throw ex;
    }
  }

  private void closeConnection(boolean rollback) {
    if (connection == null) {
      return;
    }
    try {
      if (rollback) {
        connection.rollback();
      }
      connection.close();
    } catch (SQLException ignored) {
      LOG.debug("closing the connection of projection {}: {}", name, ignored.toString());
    }
    connection = null;
  }

  public void stop() {
    running = false;
    if (thread != null) {
      try {
        thread.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    feed.close();
    LOG.info("projection {} stopped", name);
  }
}
