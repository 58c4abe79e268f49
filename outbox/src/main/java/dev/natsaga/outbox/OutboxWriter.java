package dev.natsaga.outbox;

import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.outbox.internal.OutboxRows;
import java.sql.Connection;
import java.time.Clock;
import java.util.List;

/**
 * Writes events into {@code natsaga_outbox} on a connection the caller owns, in the caller's transaction: they are
 * published if and only if that transaction commits. Correlation is resolved here, as the publisher would resolve
 * it now (inside a handler: the handled event's correlation id, causation = its id). {@link Outbox#publish} uses
 * it, and so does the saga engine for its commands; most services use {@link Outbox} instead.
 *
 * <pre>{@code
 * try (Connection c = dataSource.getConnection()) {
 *     c.setAutoCommit(false);
 *     insertOrder(c, order);
 *     OutboxWriter.write(c, OutgoingEvent.event("shop.order.placed.v1", placed).subject(order.id()).build());
 *     c.commit();                         // the row and the event, or neither
 * }
 * }</pre>
 */
public final class OutboxWriter {

  private OutboxWriter() {
  }

  /** Writes one event; its id becomes the row key and the {@code Nats-Msg-Id}. */
  public static void write(Connection connection, OutgoingEvent<?> event) {
    write(connection, List.of(event), Clock.systemUTC());
  }

  /** Writes events in one batch statement, stamped with {@code clock}'s time. */
  public static void write(Connection connection, List<? extends OutgoingEvent<?>> events, Clock clock) {
    OutboxRows.insert(connection, events, clock.instant());
  }
}
