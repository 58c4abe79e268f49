package dev.natsaga.framework;

/**
 * The CloudEvents extension attributes natsaga uses (lower case, as CloudEvents requires).
 *
 * <p>{@link #CORRELATION_ID} ties together every event of one business process; {@link #CAUSATION_ID}
 * is the id of the event that caused this one; {@link #TRACEPARENT}/{@link #TRACESTATE} carry W3C
 * trace context; {@link #SAGA_ID} and {@link #SAGA_STEP} correlate saga commands and replies.
 */
public final class Extensions {

  public static final String CORRELATION_ID = "correlationid";
  public static final String CAUSATION_ID = "causationid";
  public static final String TRACEPARENT = "traceparent";
  public static final String TRACESTATE = "tracestate";
  public static final String SAGA_ID = "sagaid";
  public static final String SAGA_STEP = "sagastep";

  private Extensions() {
  }
}
