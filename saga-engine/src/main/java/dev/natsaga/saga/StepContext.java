package dev.natsaga.saga;

import java.sql.Connection;
import java.util.UUID;

/**
 * What a local step or local compensation sees. The {@link #connection()} is the saga's own
 * transaction: whatever the step writes through it commits together with the saga's state change,
 * step log row and outbox rows, or not at all. Do not commit, roll back or close it.
 *
 * <pre>{@code
 * .local(ctx -> {
 *     try (PreparedStatement ps = ctx.connection().prepareStatement("insert into slot_hold values (?, ?)")) {
 *         ps.setString(1, ctx.state().slotId());
 *         ps.setObject(2, ctx.sagaId());
 *         ps.executeUpdate();
 *     }
 *     return ctx.state().withSlotHeld();
 * })
 * }</pre>
 *
 * @param <S> the saga's state type
 */
public interface StepContext<S> {

  /** @return a fresh copy of the saga state; changing it has no effect unless a local action returns it. */
  S state();

  /** @return the saga's JDBC connection, inside its transaction. */
  Connection connection();

  UUID sagaId();

  String sagaType();

  String stepName();

  /** @return 1 for the first attempt; compensations count their retries. */
  int attempt();
}
