package dev.natsaga.framework;

import java.util.List;

/**
 * Handles up to {@link BatchOptions#maxBatch()} events of one type at once (e.g. to apply them in one database
 * transaction) and reports what became of each. Each event is settled on its own: one the result names as failed is
 * retried with the consumer's backoff (or dead-lettered at once for a {@link NonRetryableException}, or after the last
 * allowed delivery), the others are acknowledged. Throwing for the whole batch retries every event of it (whatever the
 * exception: to dead-letter particular events, name them in the result).
 *
 * <pre>{@code
 * BatchHandler<Reserve> reserve = events -> {
 *     BatchResult.Builder result = BatchResult.builder();
 *     try (Connection c = db.getConnection()) {
 *         c.setAutoCommit(false);
 *         for (Event<Reserve> e : events) {
 *             try { insert(c, e.data()); } catch (SQLException ex) { result.failed(e, ex); }
 *         }
 *         c.commit();                        // nothing is acknowledged before this returns
 *     }
 *     return result.build();
 * };
 * }</pre>
 *
 * @param <T> the payload type
 */
@FunctionalInterface
public interface BatchHandler<T> {

  /**
   * @param events one to {@code maxBatch} events in arrival order, each already decoded, validated and (with
   *     idempotency) claimed; an event a payload stage refused or that did not bind never gets here
   * @return the failed events, {@link BatchResult#allSucceeded()} when none failed
   */
  BatchResult handle(List<Event<T>> events) throws Exception;
}
