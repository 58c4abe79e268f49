package dev.natsaga.saga.outbox;

import dev.natsaga.saga.internal.relay.PollingOutboxRelay;
import dev.natsaga.saga.store.SagaStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Moves outbox rows to a {@link CommandTransport}: reads unpublished rows in batches (locking them so
 * several relays share the work), publishes, marks them published, all in one transaction. It is woken
 * right after every commit that wrote outbox rows, and polls as a fallback. A crash between publish and
 * mark re-publishes the same message id, which the stream de-duplicates.
 *
 * <pre>{@code
 * OutboxRelay relay = OutboxRelay.builder().store(store).transport(natsTransport).build();
 * relay.start();      // background thread
 * ...
 * relay.close();
 * }</pre>
 */
public interface OutboxRelay extends AutoCloseable {

  /** Starts the background thread. */
  void start();

  /** Asks the background thread to relay now (called after commits; cheap and non-blocking). */
  void wake();

  /**
   * Relays synchronously until no unpublished row is left or the transport publishes nothing.
   *
   * @return how many messages were published
   */
  int relayPending();

  /** Stops the background thread, waiting for the current batch. */
  @Override
  void close();

  static Builder builder() {
    return new Builder();
  }

  /** Settings of a relay; {@code store} and {@code transport} are required. */
  final class Builder {
    private SagaStore store;
    private CommandTransport transport;
    private Clock clock = Clock.systemUTC();
    private int batchSize = 100;
    private Duration pollInterval = Duration.ofSeconds(1);

    private Builder() {
    }

    public Builder store(SagaStore value) { this.store = value; return this; }

    public Builder transport(CommandTransport value) { this.transport = value; return this; }

    /** Clock for {@code published_at} (default UTC system clock). */
    public Builder clock(Clock value) { this.clock = value; return this; }

    /** Rows per transaction (default 100). */
    public Builder batchSize(int value) { this.batchSize = value; return this; }

    /** Fallback polling interval (default 1 s); the relay is normally woken after commit. */
    public Builder pollInterval(Duration value) { this.pollInterval = value; return this; }

    public OutboxRelay build() {
      Objects.requireNonNull(store, "OutboxRelay needs a store(SagaStore)");
      Objects.requireNonNull(transport, "OutboxRelay needs a transport(CommandTransport)");
      Objects.requireNonNull(clock, "clock");
      if (batchSize < 1 || batchSize > 10_000) {
        throw new IllegalArgumentException("OutboxRelay batchSize must be 1..10000, got " + batchSize);
      }
      if (pollInterval == null || pollInterval.isNegative() || pollInterval.isZero()) {
        throw new IllegalArgumentException("OutboxRelay pollInterval must be positive, got " + pollInterval);
      }
      return new PollingOutboxRelay(store, transport, clock, batchSize, pollInterval);
    }
  }
}
