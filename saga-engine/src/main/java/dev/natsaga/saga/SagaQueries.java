package dev.natsaga.saga;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Read-only look-ups for APIs and operators; they return the public read model ({@link SagaView}), never store rows.
 *
 * <pre>{@code
 * engine.find(sagaId).map(v -> v.status() + " " + v.steps().size() + " steps");
 * SagaPage<SagaView> stuck = engine.list("booking.create", SagaStatus.COMPENSATION_FAILED, 0, 50);
 * }</pre>
 */
public interface SagaQueries {

  /** @return the saga with its state and step log, empty when unknown */
  Optional<SagaView> find(UUID sagaId);

  /** @return the saga's state decoded as {@code stateType}, empty when unknown */
  <S> Optional<S> findState(UUID sagaId, Class<S> stateType);

  /**
   * @param status null for every status
   * @param page   0-based
   * @param size   1..1000
   */
  SagaPage<SagaView> list(String sagaType, SagaStatus status, int page, int size);

  /**
   * Waits until the saga has settled — {@code COMPLETED}, {@code COMPENSATED} or {@code COMPENSATION_FAILED} —
   * and returns it with its step log. It reads the store, so it works whichever orchestrator instance (or
   * process) advances the saga; it polls every 20 ms at first, backing off to 250 ms.
   *
   * <pre>{@code
   * UUID id = engine.start(definition, state, orderId);
   * SagaView done = engine.await(id, Duration.ofSeconds(30));
   * if (done.status() != SagaStatus.COMPLETED) {
   *   log.warn("order {} not placed:\n{}", orderId, SagaTimeline.render(done));
   * }
   * }</pre>
   *
   * @throws SagaNotFoundException when no saga has this id
   * @throws TimeoutException when the saga is still running or compensating after {@code timeout};
   *     the message holds its timeline
   * @throws InterruptedException when the waiting thread is interrupted
   */
  default SagaView await(UUID sagaId, Duration timeout) throws TimeoutException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long pause = 20;
    while (true) {
      SagaView view = find(sagaId).orElseThrow(() -> new SagaNotFoundException(sagaId));
      if (!view.status().isActive()) {
        return view;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new TimeoutException("saga " + sagaId + " is still " + view.status() + " after " + timeout
            + ":\n" + SagaTimeline.render(view));
      }
      Thread.sleep(Math.min(pause, TimeUnit.NANOSECONDS.toMillis(left) + 1));
      pause = Math.min(pause * 2, 250);
    }
  }
}
