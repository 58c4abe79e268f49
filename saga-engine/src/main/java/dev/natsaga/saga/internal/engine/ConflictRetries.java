package dev.natsaga.saga.internal.engine;

import dev.natsaga.saga.store.SagaConcurrencyException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-runs a transaction that lost an optimistic-lock race: it reloads and re-applies on fresh data. The lost
 * attempt's log lines were held back ({@link PendingLog}) and are dropped with it; the retry itself is one DEBUG line.
 */
final class ConflictRetries {

  private static final Logger LOG = LoggerFactory.getLogger(ConflictRetries.class);

  private final int maxAttempts;

  ConflictRetries(int maxAttempts) {
    this.maxAttempts = maxAttempts;
  }

  <T> T run(String what, Supplier<T> transaction) {
    for (int attempt = 1; ; attempt++) {
      try {
        return transaction.get();
      } catch (SagaConcurrencyException e) {
        if (attempt >= maxAttempts) {
          LOG.warn("{}: still conflicting after {} attempts; giving up so the caller can retry later", what, attempt);
          throw e;
        }
        LOG.debug("{}: lost an update race ({}), rolled back and re-applying (attempt {})", what, e.getMessage(),
            attempt + 1);
        long maxMicros = Math.min(50_000, 500L << Math.min(attempt, 6));
        LockSupport.parkNanos(1_000L * ThreadLocalRandom.current().nextLong(100, maxMicros));
      }
    }
  }
}
