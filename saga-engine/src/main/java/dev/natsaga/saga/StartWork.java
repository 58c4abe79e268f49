package dev.natsaga.saga;

import java.sql.Connection;
import java.util.UUID;

/**
 * Work done in a saga's start transaction, on the saga's own connection, after its instance is inserted and before
 * its first step runs: typically the row the saga is about, so that the row and its saga commit together (or neither
 * does). Throwing fails the start and rolls everything back. Not run when the caller key finds an existing saga.
 *
 * <pre>{@code
 * UUID sagaId = engine.start(booking, state, "booking-" + bookingId,
 *     (connection, id) -> bookings.insert(connection, bookingId, id));
 * }</pre>
 */
@FunctionalInterface
public interface StartWork {
  void run(Connection connection, UUID sagaId) throws Exception;
}
