package dev.natsaga.saga;

/**
 * A local step that returns the saga's next state (return {@code ctx.state()} to keep it). Throwing
 * fails the step: its database work is rolled back and the saga compensates the completed steps.
 *
 * @param <S> the saga's state type
 */
@FunctionalInterface
public interface LocalAction<S> {
  S apply(StepContext<S> context) throws Exception;
}
