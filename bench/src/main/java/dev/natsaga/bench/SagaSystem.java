package dev.natsaga.bench;

import java.util.concurrent.CompletableFuture;

/**
 * Something that runs the booking saga end to end and can be loaded by {@link SagaLoad}: the samples on natsaga
 * ({@link SagaFixture}) or the same saga written by hand on raw jnats and JDBC ({@link HandWrittenSaga}). Both take a
 * booking through {@code POST /bookings} and announce its outcome as a {@code booking.appointment.confirmed.v1} or
 * {@code cancelled.v1} event on the environment's subjects.
 */
interface SagaSystem extends AutoCloseable {

  /** A booking's outcome: whether it was confirmed, and the time from its intended start to its event. */
  record Outcome(boolean confirmed, long latencyNanos, String event) {
  }

  /**
   * Books a new slot; the future completes with the booking's outcome event, or fails when the request is refused.
   * {@code startNanos} is the intended start ({@link System#nanoTime()} scale).
   */
  CompletableFuture<Outcome> book(long startNanos);

  /** How many bookings still wait for their outcome. */
  int inFlight();
}
