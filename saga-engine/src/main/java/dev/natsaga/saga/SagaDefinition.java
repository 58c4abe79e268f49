package dev.natsaga.saga;

import java.util.List;
import java.util.Set;

/**
 * An immutable, validated saga definition built by {@link Saga#define(String, Class)}. Register every
 * version that may still have sagas in flight in a {@link SagaRegistry}.
 *
 * @param <S> the saga's state type
 */
public interface SagaDefinition<S> {

  /** @return the saga type, e.g. {@code booking.create} */
  String name();

  /** @return the definition version (&ge; 1) */
  int version();

  Class<S> stateType();

  /** @return the step names in execution order */
  List<String> stepNames();

  /**
   * @return every reply type the definition declares (success, failure, compensation confirmations and
   *         failures), so a transport can subscribe to them
   */
  Set<String> replyTypes();
}
