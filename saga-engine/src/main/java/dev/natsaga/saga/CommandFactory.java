package dev.natsaga.saga;

/**
 * Builds the command a remote step (or a compensation) sends, from the current saga state.
 *
 * <pre>{@code
 * state -> Command.of("payment.transaction.authorize.v1", new Authorize(state.bookingId(), state.amount()))
 * }</pre>
 *
 * @param <S> the saga's state type
 */
@FunctionalInterface
public interface CommandFactory<S> {
  Command create(S state) throws Exception;
}
