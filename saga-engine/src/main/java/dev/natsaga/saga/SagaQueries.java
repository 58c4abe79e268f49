package dev.natsaga.saga;

import java.util.Optional;
import java.util.UUID;

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
}
