package dev.natsaga.framework.stream;

import io.nats.client.JetStreamApiException;
import java.io.IOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;

/**
 * Which JetStream failures are worth retrying: the one rule the publisher, the event store and anything else that
 * writes to JetStream follow.
 */
public final class JetStreamFailures {

  private JetStreamFailures() { }

  /**
   * Timeouts, no responders (no stream leader yet), a temporarily unavailable JetStream (API error 503) and a
   * connection being replaced are transient; anything else (a wrong expected sequence, a refused message) is not.
   */
  public static boolean isTransient(Throwable e) {
    if (e instanceof JetStreamApiException api) {
      return api.getErrorCode() == 503;
    }
    if (e instanceof CancellationException) {
      // jnats cancels the ack futures of a connection it replaces; checked first: it is an IllegalStateException
      return true;
    }
    if (e instanceof IllegalStateException ise) {
      return ise.getMessage() != null && ise.getMessage().toLowerCase().contains("reconnect");
    }
    return e instanceof IOException || e instanceof TimeoutException;
  }
}
