package dev.natsaga.saga;

/**
 * What happens when a saga ends, declared in the DSL with {@code onCompleted}, {@code onCompensated} or
 * {@code onCompensationFailed}. It runs inside the saga's final transaction with the typed final state: rows it
 * writes on {@link SagaOutcome#connection()} and events it publishes with {@link SagaOutcome#publish} commit with
 * the saga's final status, or not at all. A hook that throws rolls the final transaction back; the reply or deadline
 * that ended the saga is retried, so a hook must tolerate running again after a failure.
 *
 * <pre>{@code
 * .onCompleted((state, outcome) -> {
 *     bookings.confirm(outcome.connection(), state.bookingId());
 *     outcome.publish(OutgoingEvent.event("booking.appointment.confirmed.v1", new Confirmed(state.bookingId()))
 *         .subject(state.bookingId()).build());
 * })
 * }</pre>
 *
 * @param <S> the saga's state type
 */
@FunctionalInterface
public interface OutcomeHook<S> {

  /** Runs in the saga's final transaction; throwing rolls it back. */
  void run(S state, SagaOutcome outcome) throws Exception;
}
