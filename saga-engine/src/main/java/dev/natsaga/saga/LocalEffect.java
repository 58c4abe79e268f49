package dev.natsaga.saga;

/**
 * A local step or compensation run for its effect only; the saga state stays as it was. Throwing
 * fails the attempt and rolls back its database work.
 *
 * @param <S> the saga's state type
 */
@FunctionalInterface
public interface LocalEffect<S> {
  void run(StepContext<S> context) throws Exception;
}
