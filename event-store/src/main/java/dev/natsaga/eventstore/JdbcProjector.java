package dev.natsaga.eventstore;

import dev.natsaga.eventstore.internal.CheckpointSql;
import dev.natsaga.eventstore.internal.DomainFeed;
import dev.natsaga.eventstore.internal.ProjectorLoop;
import dev.natsaga.framework.Environment;
import io.nats.client.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Keeps a JDBC read model up to date from a domain's stream. Each event is applied in one database transaction
 * together with the projection's checkpoint (its stream sequence, in table {@code natsaga_projection}), so every event
 * changes the model exactly once, across restarts and kill -9, also with several instances on one database. It reads
 * with an ephemeral ordered consumer from the checkpoint on: nothing on the NATS side needs to survive.
 *
 * <pre>{@code
 * JdbcProjector projector = JdbcProjector.builder(nats, dataSource, "customer-bookings")
 *     .environment("prod").domain("booking")
 *     .types("booking.appointment.confirmed.v1", "booking.appointment.cancelled.v1")
 *     .handler((event, tx) -> upsert(tx, event))
 *     .reset(tx -> tx.createStatement().execute("DELETE FROM customer_booking"))
 *     .build();
 * projector.start();                 // from its checkpoint
 * projector.rebuild();               // reset() + checkpoint 0, then replays everything
 * projector.lag();                   // checkpoint, last sequence, pending
 * }</pre>
 */
public final class JdbcProjector implements AutoCloseable {

  /** Clears the read model for a rebuild, inside the rebuild's transaction. */
  @FunctionalInterface
  public interface Reset {
    void clear(java.sql.Connection tx) throws SQLException;
  }

  private final Connection nats;
  private final DataSource dataSource;
  private final String name;
  private final Environment environment;
  private final String domain;
  private final List<String> types;
  private final ProjectionHandler handler;
  private final Reset reset;
  private ProjectorLoop loop;

  private JdbcProjector(Builder b) {
    this.nats = b.nats;
    this.dataSource = b.dataSource;
    this.name = b.name;
    this.environment = b.environment;
    this.domain = b.domain;
    this.types = b.types;
    this.handler = b.handler;
    this.reset = b.reset;
  }

  public static Builder builder(Connection nats, DataSource dataSource, String name) {
    return new Builder(nats, dataSource, name);
  }

  /** Starts applying events after the checkpoint (creating the checkpoint table and row when missing). */
  public synchronized void start() {
    if (loop != null) {
      return;
    }
    long checkpoint = sql(c -> CheckpointSql.init(c, name));
    loop = new ProjectorLoop(name, new DomainFeed(nats, environment, domain, types), dataSource, handler);
    loop.start(checkpoint);
  }

  /** Stops, moves the checkpoint to just before {@code position} (a sequence or a time), and starts again. */
  public synchronized void startFrom(StartPosition position) {
    close();
    long sequence = position.time() != null ? new DomainFeed(nats, environment, domain, types).firstSequenceAt(position.time())
        : position.sequence();
    sql(c -> {
      CheckpointSql.init(c, name);
      CheckpointSql.reset(c, name, sequence - 1);
      return null;
    });
    start();
  }

  /** Stops, clears the read model with the reset callback and the checkpoint in one transaction, and replays all. */
  public synchronized void rebuild() {
    if (reset == null) {
      throw new IllegalStateException("projection " + name + " has no reset callback: set builder.reset(tx -> ...) to rebuild it");
    }
    close();
    sql(c -> {
      CheckpointSql.init(c, name);
      c.setAutoCommit(false);
      try {
        reset.clear(c);
        CheckpointSql.reset(c, name, 0);
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
      return null;
    });
    start();
  }

  /** The checkpoint: the stream sequence of the last event applied. */
  public long checkpoint() {
    return sql(c -> Math.max(0, CheckpointSql.read(c, name)));
  }

  /** How far behind the stream the projection is. */
  public ProjectionLag lag() {
    long last = new DomainFeed(nats, environment, domain, types).lastSequence();
    long checkpoint = checkpoint();
    long pending = checkpoint >= last ? 0 : loop == null ? -1 : Math.max(1, loop.pending());
    return new ProjectionLag(checkpoint, last, pending);
  }

  /** Waits until the checkpoint reaches the newest matching event; false at the timeout. */
  public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (lag().caughtUp()) {
        return true;
      }
      Thread.sleep(50);
    }
    return lag().caughtUp();
  }

  @Override
  public synchronized void close() {
    if (loop != null) {
      loop.stop();
      loop = null;
    }
  }

  private <T> T sql(SqlWork<T> work) {
    try (java.sql.Connection c = dataSource.getConnection()) {
      return work.run(c);
    } catch (SQLException e) {
      throw new EventStoreException("projection " + name + ": database error: " + e.getMessage(), e);
    }
  }

  private interface SqlWork<T> {
    T run(java.sql.Connection c) throws SQLException;
  }

  /** Builds a {@link JdbcProjector}. */
  public static final class Builder {
    private final Connection nats;
    private final DataSource dataSource;
    private final String name;
    private Environment environment = Environment.of("dev");
    private String domain;
    private List<String> types = List.of();
    private ProjectionHandler handler;
    private Reset reset;

    private Builder(Connection nats, DataSource dataSource, String name) {
      this.nats = Objects.requireNonNull(nats, "nats connection");
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
      if (name == null || !name.matches("[A-Za-z0-9_.-]{1,200}")) {
        throw new IllegalArgumentException("projection name '" + name + "': use 1-200 letters, digits, '.', '-' or '_'");
      }
      this.name = name;
    }

    public Builder environment(String env) {
      this.environment = Environment.of(env);
      return this;
    }

    /** The domain whose stream is read; required. */
    public Builder domain(String name) {
      this.domain = name;
      return this;
    }

    /** Only these types (default: every event of the domain). */
    public Builder types(String... names) {
      this.types = List.of(names);
      return this;
    }

    /** Applies an event to the read model; required. */
    public Builder handler(ProjectionHandler h) {
      this.handler = Objects.requireNonNull(h, "handler");
      return this;
    }

    /** Clears the read model for {@link #rebuild()}. */
    public Builder reset(Reset r) {
      this.reset = Objects.requireNonNull(r, "reset");
      return this;
    }

    public JdbcProjector build() {
      if (domain == null) {
        throw new IllegalArgumentException("projection " + name + ": domain is required (the stream it reads)");
      }
      if (handler == null) {
        throw new IllegalArgumentException("projection " + name + ": handler is required");
      }
      new DomainFeed(nats, environment, domain, types);
      return new JdbcProjector(this);
    }
  }
}
