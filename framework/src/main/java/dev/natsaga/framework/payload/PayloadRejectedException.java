package dev.natsaga.framework.payload;

import dev.natsaga.framework.dlq.DeadLetterReason;
import java.util.Objects;

/** An incoming event a {@link PayloadStage} rejects: it goes to the dead-letter stream at once with {@link #reason()}. */
public final class PayloadRejectedException extends Exception {

  private static final long serialVersionUID = 1L;

  private final DeadLetterReason reason;

  /**
   * @param reason the dead-letter reason, e.g. {@link DeadLetterReason#SCHEMA_VIOLATION}
   * @param message what is wrong, e.g. the JSON path and the rule; written as the dead letter's error
   */
  public PayloadRejectedException(DeadLetterReason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public DeadLetterReason reason() {
    return reason;
  }
}
