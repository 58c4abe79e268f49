package dev.natsaga.outbox;

import dev.natsaga.framework.EventPublisher;
import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.outbox.internal.JdbcOutbox;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * "Write my row and publish my event, atomically", for any service: {@link #publish(Connection, OutgoingEvent)} writes
 * the event into {@code natsaga_outbox} in the caller's own database transaction, and the outbox's
 * {@link OutboxRelay} publishes it after the commit under the same event id (and so the same {@code Nats-Msg-Id}). A rolled-back
 * transaction publishes nothing; a crash between publish and mark re-publishes the same id, which the stream drops.
 * Inside a handler the event inherits the handled event's correlation, as with the publisher.
 *
 * <pre>{@code
 * Outbox outbox = Outbox.builder().dataSource(dataSource).publisher(natsaga::publisher).build().start();
 *
 * outbox.inTransaction(c -> {                       // commits, then wakes the relay
 *     orders.insert(c, order);
 *     outbox.publish(c, OutgoingEvent.event("shop.order.placed.v1", placed).subject(order.id()).build());
 *     return order.id();
 * });
 * }</pre>
 *
 * <p>With a transaction of your own (Spring, jOOQ, plain JDBC) call {@link #publish} on its connection and
 * {@link #wake()} after the commit (or leave it to the relay's polling).
 */
public interface Outbox extends AutoCloseable {

  /** Writes {@code event} on {@code connection}, in its transaction. */
  void publish(Connection connection, OutgoingEvent<?> event);

  /**
   * Runs {@code work} in one transaction on a connection of the outbox's data source: commit when it returns, roll
   * back (rows and events alike) when it throws; after the commit the relay is woken.
   */
  <T> T inTransaction(OutboxWork<T> work);

  /** Wakes the relay (after a commit of your own that published through the outbox). */
  void wake();

  /** @return the relay (backlog, synchronous relaying, purge) */
  OutboxRelay relay();

  /** Migrates the outbox table (unless disabled) and starts the relay; returns this. */
  Outbox start();

  /** Stops the relay; the data source stays open (it is the caller's). */
  @Override
  void close();

  static Builder builder() {
    return new Builder();
  }

  /** Settings of an outbox; {@code dataSource} and {@code publisher} are required. */
  final class Builder {
    private final OutboxRelay.Builder relay = OutboxRelay.builder();
    private DataSource dataSource;
    private Clock clock = Clock.systemUTC();
    private boolean migrate = true;

    private Builder() {
    }

    /** The service's database; the events commit with the service's rows in it. */
    public Builder dataSource(DataSource value) {
      this.dataSource = value;
      relay.dataSource(value);
      return this;
    }

    /** The framework's publisher, e.g. {@code natsaga::publisher} (resolved at each relay round). */
    public Builder publisher(Supplier<EventPublisher> value) {
      relay.publisher(value);
      return this;
    }

    /** Clock for the rows' times (default UTC system clock). */
    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value, "clock");
      relay.clock(value);
      return this;
    }

    /** Rows per relay transaction (default 100). */
    public Builder batchSize(int value) {
      relay.batchSize(value);
      return this;
    }

    /** The relay's polling fallback (default 1 s). */
    public Builder pollInterval(Duration value) {
      relay.pollInterval(value);
      return this;
    }

    /** How long a relay round waits for acknowledgements (default 30 s). */
    public Builder ackTimeout(Duration value) {
      relay.ackTimeout(value);
      return this;
    }

    /** Whether {@link Outbox#start()} migrates the table (default true; false when your own migrations create it). */
    public Builder migrate(boolean value) {
      this.migrate = value;
      return this;
    }

    public Outbox build() {
      Objects.requireNonNull(dataSource, "Outbox needs a dataSource(DataSource)");
      return new JdbcOutbox(dataSource, relay.build(), clock, migrate);
    }
  }
}
