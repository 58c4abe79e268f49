package dev.natsaga.saga.store;

/**
 * Work done inside one {@link SagaStore#inTransaction(SagaWork)}.
 *
 * @param <T> the result
 */
@FunctionalInterface
public interface SagaWork<T> {
  T run(SagaTransaction tx) throws Exception;
}
