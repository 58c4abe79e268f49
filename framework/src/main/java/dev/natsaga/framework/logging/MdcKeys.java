package dev.natsaga.framework.logging;

/**
 * The SLF4J MDC keys natsaga sets, one owner for each name: use them in a logging pattern
 * ({@code %X{correlationId}}) or when reading the MDC. The consumer sets {@link #CORRELATION_ID},
 * {@link #EVENT_ID} and {@link #EVENT_TYPE} for a handler's duration; the saga engine sets
 * {@link #CORRELATION_ID} to the saga id while it works on a saga ({@link MdcScope}).
 */
public final class MdcKeys {

  /** The correlation id of the business process (a saga's correlation id is its saga id). */
  public static final String CORRELATION_ID = "correlationId";
  /** The id of the event being handled. */
  public static final String EVENT_ID = "eventId";
  /** The type of the event being handled. */
  public static final String EVENT_TYPE = "eventType";
  /** The OpenTelemetry trace id of the handler's span, when tracing is on. */
  public static final String TRACE_ID = "trace_id";
  /** The OpenTelemetry span id of the handler's span, when tracing is on. */
  public static final String SPAN_ID = "span_id";

  private MdcKeys() {
  }
}
