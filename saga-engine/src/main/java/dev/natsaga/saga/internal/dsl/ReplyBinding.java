package dev.natsaga.saga.internal.dsl;

import dev.natsaga.saga.ReplyMapper;

/**
 * A success reply of a remote step: the payload class (null: payload ignored) and how it folds into the state.
 *
 * @param <S> state type
 * @param <R> payload type
 */
public final class ReplyBinding<S, R> {

  private final Class<R> payloadClass;
  private final ReplyMapper<S, R> mapper;

  ReplyBinding(Class<R> payloadClass, ReplyMapper<S, R> mapper) {
    this.payloadClass = payloadClass;
    this.mapper = mapper;
  }

  /** @return the payload class, or null when the reply's payload is not needed */
  public Class<R> payloadClass() {
    return payloadClass;
  }

  /** @return the new state (the old one when there is no mapper or it returns null) */
  public S apply(S state, Object payload) throws Exception {
    if (mapper == null) {
      return state;
    }
    S next = mapper.apply(state, payloadClass.cast(payload));
    return next == null ? state : next;
  }

  boolean complete() {
    return (payloadClass == null) == (mapper == null);
  }
}
