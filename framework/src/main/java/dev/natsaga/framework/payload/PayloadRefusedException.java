package dev.natsaga.framework.payload;

import dev.natsaga.framework.PublishException;

/**
 * A publish refused by a {@link PayloadStage} before anything was sent; the message names the type and what is wrong
 * (for a schema violation: the JSON path and the rule).
 */
public final class PayloadRefusedException extends PublishException {

  private static final long serialVersionUID = 1L;

  public PayloadRefusedException(String message) {
    super(message, null);
  }
}
