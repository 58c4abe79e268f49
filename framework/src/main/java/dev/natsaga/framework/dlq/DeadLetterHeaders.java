package dev.natsaga.framework.dlq;

/**
 * Headers a dead letter carries besides the original message's own (which are kept unchanged,
 * except {@code Nats-Msg-Id}: the original one is saved in {@link #ORIGINAL_MSG_ID}).
 */
public final class DeadLetterHeaders {

  public static final String REASON = "Natsaga-Dlq-Reason";
  public static final String ERROR = "Natsaga-Dlq-Error";
  public static final String CONSUMER = "Natsaga-Dlq-Consumer";
  public static final String DELIVERY_COUNT = "Natsaga-Dlq-Delivery-Count";
  public static final String ORIGINAL_SUBJECT = "Natsaga-Dlq-Original-Subject";
  public static final String ORIGINAL_STREAM = "Natsaga-Dlq-Original-Stream";
  public static final String ORIGINAL_SEQUENCE = "Natsaga-Dlq-Original-Sequence";
  public static final String ORIGINAL_MSG_ID = "Natsaga-Dlq-Original-Msg-Id";
  public static final String TIME = "Natsaga-Dlq-Time";
  /**
   * Present when the original did not fit into a dead letter (payload plus headers over the server's
   * {@code max_payload}, or a header block over JetStream's 64 KiB): it says what was cut, e.g.
   * {@code payload 1046528 of 1048276 bytes; 2 header(s) omitted}. The full original stays in its stream at
   * {@link #ORIGINAL_STREAM} / {@link #ORIGINAL_SEQUENCE} until it ages out; such a dead letter is not replayed.
   */
  public static final String TRUNCATED = "Natsaga-Dlq-Truncated";
  /** Added to a replayed message: the dead letter's sequence in the DLQ stream. */
  public static final String REPLAYED_FROM = "Natsaga-Replayed-From";

  private DeadLetterHeaders() {
  }
}
