package dev.natsaga.outbox;

import java.sql.Connection;

/**
 * Work done in one transaction by {@link Outbox#inTransaction(OutboxWork)}: write the business rows on
 * {@code connection} and publish events through the outbox on the same connection.
 *
 * @param <T> what the work returns
 */
@FunctionalInterface
public interface OutboxWork<T> {

  /** Runs inside the transaction; throwing rolls back the rows and the events alike. */
  T run(Connection connection) throws Exception;
}
