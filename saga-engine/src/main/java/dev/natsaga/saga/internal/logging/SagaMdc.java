package dev.natsaga.saga.internal.logging;

import java.util.UUID;
import org.slf4j.MDC;

/**
 * Puts a saga's id into the SLF4J MDC as {@value #CORRELATION_ID} (the framework's key, see
 * {@code dev.natsaga.framework.internal.CorrelationMiddleware.MDC_CORRELATION_ID}) while work on that saga runs:
 * a saga's correlation id is its saga id, so {@code %X{correlationId}} shows it on the engine's lines and on
 * whatever a local step logs, on any thread. Closing the scope restores the previous value (e.g. the one the
 * framework's middleware set for the reply being handled).
 *
 * <pre>{@code
 * try (SagaMdc.Scope ignored = SagaMdc.correlate(sagaId)) {
 *     ...
 * }
 * }</pre>
 */
public final class SagaMdc {

  /** The MDC key of the correlation id, the same as the framework's. */
  public static final String CORRELATION_ID = "correlationId";

  private SagaMdc() {
  }

  /** Sets {@value #CORRELATION_ID} to the saga id (nothing when null) until the scope is closed. */
  public static Scope correlate(UUID sagaId) {
    String previous = MDC.get(CORRELATION_ID);
    if (sagaId == null) {
      return new Scope(previous, false);
    }
    MDC.put(CORRELATION_ID, sagaId.toString());
    return new Scope(previous, true);
  }

  /** Restores the correlation id that was set before {@link #correlate(UUID)}. */
  public static final class Scope implements AutoCloseable {
    private final String previous;
    private final boolean changed;

    private Scope(String previous, boolean changed) {
      this.previous = previous;
      this.changed = changed;
    }

    @Override
    public void close() {
      if (!changed) {
        return;
      }
      if (previous == null) {
        MDC.remove(CORRELATION_ID);
      } else {
        MDC.put(CORRELATION_ID, previous);
      }
    }
  }
}
