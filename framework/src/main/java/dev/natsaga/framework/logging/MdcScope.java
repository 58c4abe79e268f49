package dev.natsaga.framework.logging;

import org.slf4j.MDC;

/**
 * Sets one MDC key until closed, then restores the value it had before (or removes it), so nested scopes and the
 * consumer's own MDC values survive.
 *
 * <pre>{@code
 * try (MdcScope ignored = MdcScope.correlate(sagaId.toString())) {
 *     LOG.info("...");                    // %X{correlationId} is the saga id here
 * }
 * }</pre>
 */
public final class MdcScope implements AutoCloseable {

  private final String key;
  private final String previous;
  private final boolean changed;

  private MdcScope(String key, String previous, boolean changed) {
    this.key = key;
    this.previous = previous;
    this.changed = changed;
  }

  /** Sets {@link MdcKeys#CORRELATION_ID} to {@code correlationId} (nothing when null) until closed. */
  public static MdcScope correlate(Object correlationId) {
    return put(MdcKeys.CORRELATION_ID, correlationId == null ? null : correlationId.toString());
  }

  /** Sets {@code key} to {@code value} (nothing when the value is null) until closed. */
  public static MdcScope put(String key, String value) {
    String previous = MDC.get(key);
    if (value == null) {
      return new MdcScope(key, previous, false);
    }
    MDC.put(key, value);
    return new MdcScope(key, previous, true);
  }

  @Override
  public void close() {
    if (!changed) {
      return;
    }
    if (previous == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, previous);
    }
  }
}
