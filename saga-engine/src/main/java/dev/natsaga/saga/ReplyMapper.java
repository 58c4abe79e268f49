package dev.natsaga.saga;

/**
 * Folds a success reply into the saga state, e.g. {@code BookingState::withPayment}.
 *
 * @param <S> the saga's state type
 * @param <R> the reply payload type
 */
@FunctionalInterface
public interface ReplyMapper<S, R> {
  S apply(S state, R reply) throws Exception;
}
