package dev.natsaga.schema;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.api.ConsumerInfo;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The blue-green cut-over of a consumer from {@code x.v1} to {@code x.v2} (docs/guide.md, "Side-by-side versions"):
 * <ol>
 *   <li>deploy the consumer with a handler for each version (its own durable consumer each);</li>
 *   <li>roll the producers: while old and new instances run, both versions are published, each event once, in one of
 *       them;</li>
 *   <li>once no producer publishes v1, {@link #awaitDrained} the v1 durable (nothing undelivered, nothing unacked);</li>
 *   <li>deploy the consumer without the v1 handler, then {@link #retire} the v1 durable.</li>
 * </ol>
 * No event is lost (both durables exist before any v2 is published, and v1 is drained before it goes) and none is handled
 * twice (each event is on one subject, read by one durable).
 *
 * <pre>{@code
 * Cutover.awaitDrained(connection, "PROD_SHOP", v1.durableName("billing"), Duration.ofMinutes(5));
 * // redeploy without the v1 handler
 * Cutover.retire(connection, "PROD_SHOP", v1.durableName("billing"));
 * }</pre>
 */
public final class Cutover {

  private static final Logger LOG = LoggerFactory.getLogger(Cutover.class);

  private Cutover() {
  }

  /**
   * Waits until {@code durable} on {@code stream} has no message pending or awaiting an ack.
   *
   * @throws TimeoutException naming the counts still pending when {@code timeout} passes
   */
  public static void awaitDrained(Connection connection, String stream, String durable, Duration timeout)
      throws IOException, JetStreamApiException, InterruptedException, TimeoutException {
    long end = System.nanoTime() + timeout.toNanos();
    ConsumerInfo info = connection.jetStreamManagement().getConsumerInfo(stream, durable);
    while (!drained(info)) {
      if (System.nanoTime() > end) {
        throw new TimeoutException(stream + "/" + durable + " is not drained after " + timeout + ": " + info.getNumPending()
            + " pending, " + info.getNumAckPending() + " awaiting an ack");
      }
      Thread.sleep(50);
      info = connection.jetStreamManagement().getConsumerInfo(stream, durable);
    }
    LOG.info("{}/{} drained at stream sequence {}", stream, durable, info.getAckFloor().getStreamSequence());
  }

  /**
   * Deletes the drained durable of the retired version; refuses (nothing deleted) while it still has messages.
   *
   * @throws IllegalStateException when the durable is not drained
   */
  public static void retire(Connection connection, String stream, String durable) throws IOException, JetStreamApiException {
    ConsumerInfo info = connection.jetStreamManagement().getConsumerInfo(stream, durable);
    if (!drained(info)) {
      throw new IllegalStateException("refusing to retire " + stream + "/" + durable + ": " + info.getNumPending()
          + " message(s) pending and " + info.getNumAckPending() + " awaiting an ack; drain it first (awaitDrained)");
    }
    connection.jetStreamManagement().deleteConsumer(stream, durable);
    LOG.info("retired {}/{}", stream, durable);
  }

  private static boolean drained(ConsumerInfo info) {
    return info.getNumPending() == 0 && info.getNumAckPending() == 0;
  }
}
