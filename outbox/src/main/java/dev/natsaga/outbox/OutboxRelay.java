package dev.natsaga.outbox;

import dev.natsaga.framework.EventPublisher;
import dev.natsaga.outbox.internal.PollingOutboxRelay;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Moves committed outbox rows to NATS: reads unpublished rows in batches (locked with {@code FOR UPDATE SKIP LOCKED},
 * so several relays on one database share the work and never publish a row twice at once), publishes them through
 * the framework's {@link EventPublisher} (so {@code Nats-Msg-Id} is derived from the event's source and id), and marks them published, all in one
 * transaction. It is woken right after commits ({@link #wake()}) and polls as a fallback. A crash between publish and
 * mark re-publishes the same id, which the stream's duplicate window drops. Before publishing a round it waits until
 * the rows it read are durable ({@link Durability}). Under load a round starts 2 ms after the
 * previous one, so the commits of that time go out in one transaction.
 *
 * <pre>{@code
 * OutboxRelay relay = OutboxRelay.builder()
 *     .dataSource(dataSource)
 *     .publisher(natsaga::publisher)
 *     .build();
 * relay.start();        // background thread "natsaga-outbox-relay"
 * ...
 * relay.close();
 * }</pre>
 */
public interface OutboxRelay extends AutoCloseable {

  /** Starts the background thread. */
  void start();

  /** Asks the background thread to relay now (call it after a commit that wrote rows; cheap and non-blocking). */
  void wake();

  /**
   * Relays synchronously until no unpublished row is left or a round publishes nothing.
   *
   * @return how many events were published
   */
  int relayPending();

  /** @return how many rows wait and how old the oldest is */
  OutboxBacklog backlog();

  /** @return how many published rows older than {@code before} were deleted */
  int purgePublished(Instant before);

  /** Stops the background thread, waiting for the current round. */
  @Override
  void close();

  static Builder builder() {
    return new Builder();
  }

  /** Settings of a relay; {@code dataSource} and {@code publisher} are required. */
  final class Builder {
    private DataSource dataSource;
    private Supplier<EventPublisher> publisher;
    private Clock clock = Clock.systemUTC();
    private int batchSize = 100;
    private Duration pollInterval = Duration.ofSeconds(1);
    private Duration ackTimeout = Duration.ofSeconds(30);
    private Durability durability;

    private Builder() {
    }

    /** The database holding {@code natsaga_outbox} (migrated by {@link OutboxSchema}). */
    public Builder dataSource(DataSource value) {
      this.dataSource = value;
      return this;
    }

    /** The publisher, resolved at each round (so it may be created after the relay). */
    public Builder publisher(Supplier<EventPublisher> value) {
      this.publisher = value;
      return this;
    }

    /** Clock for {@code published_at} (default UTC system clock). */
    public Builder clock(Clock value) {
      this.clock = value;
      return this;
    }

    /** Rows per transaction (default 100, 1..10000). */
    public Builder batchSize(int value) {
      this.batchSize = value;
      return this;
    }

    /** Fallback polling interval (default 1 s); the relay is normally woken after commit. */
    public Builder pollInterval(Duration value) {
      this.pollInterval = value;
      return this;
    }

    /** How long a round waits for its acknowledgements (default 30 s); the rest stay for the next round. */
    public Builder ackTimeout(Duration value) {
      this.ackTimeout = value;
      return this;
    }

    /**
     * What a round waits for before it publishes the rows it read (default {@link Durability#of(DataSource)} of the
     * data source: a group commit on an H2 file database with a write delay, nothing otherwise).
     */
    public Builder durability(Durability value) {
      this.durability = value;
      return this;
    }

    /** @throws IllegalArgumentException naming the setting that is missing or out of range */
    public OutboxRelay build() {
      Objects.requireNonNull(dataSource, "OutboxRelay needs a dataSource(DataSource)");
      Objects.requireNonNull(publisher, "OutboxRelay needs a publisher(Supplier<EventPublisher>)");
      Objects.requireNonNull(clock, "OutboxRelay clock");
      if (batchSize < 1 || batchSize > 10_000) {
        throw new IllegalArgumentException("OutboxRelay batchSize must be 1..10000, got " + batchSize);
      }
      requirePositive("pollInterval", pollInterval);
      requirePositive("ackTimeout", ackTimeout);
      return new PollingOutboxRelay(dataSource, publisher, clock, batchSize, pollInterval, ackTimeout,
          durability != null ? durability : Durability.of(dataSource));
    }

    private static void requirePositive(String name, Duration value) {
      if (value == null || value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException("OutboxRelay " + name + " must be positive, got " + value);
      }
    }
  }
}
