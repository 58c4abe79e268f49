package dev.natsaga.framework.internal;

import dev.natsaga.framework.Environment;
import dev.natsaga.framework.codec.CloudEventCodec;
import dev.natsaga.framework.dlq.DeadLetterHeaders;
import dev.natsaga.framework.dlq.DeadLetterReason;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.nats.client.impl.NatsJetStreamMetaData;
import java.io.IOException;
import java.time.Instant;

/**
 * Copies a message that cannot be handled into the dead-letter stream: payload and headers unchanged,
 * plus the {@link DeadLetterHeaders}. Its {@code Nats-Msg-Id} is derived from the original stream
 * position and the consumer, so dead-lettering the same delivery twice (after a crash) stores it once.
 */
public final class DeadLetterSender {

  private static final int MAX_ERROR_LENGTH = 1024;
  private final JetStream jetStream;
  private final Environment environment;

  public DeadLetterSender(JetStream jetStream, Environment environment) {
    this.jetStream = jetStream;
    this.environment = environment;
  }

  /** Publishes the dead letter and waits for the DLQ stream's ack. */
  public PublishAck send(Message original, String consumer, DeadLetterReason reason, String error)
      throws IOException, JetStreamApiException {
    NatsJetStreamMetaData meta = original.isJetStream() ? original.metaData() : null;
    Headers headers = original.getHeaders() == null ? new Headers() : new Headers(original.getHeaders());
    String originalId = headers.getFirst(CloudEventCodec.MSG_ID_HEADER);
    if (originalId != null) {
      headers.put(DeadLetterHeaders.ORIGINAL_MSG_ID, originalId);
    }
    headers.put(DeadLetterHeaders.REASON, reason.header());
    headers.put(DeadLetterHeaders.ERROR, headerSafe(error));
    headers.put(DeadLetterHeaders.CONSUMER, consumer);
    headers.put(DeadLetterHeaders.ORIGINAL_SUBJECT, original.getSubject());
    headers.put(DeadLetterHeaders.TIME, Instant.now().toString());
    String position = "core";
    if (meta != null) {
      headers.put(DeadLetterHeaders.DELIVERY_COUNT, Long.toString(meta.deliveredCount()));
      headers.put(DeadLetterHeaders.ORIGINAL_STREAM, meta.getStream());
      headers.put(DeadLetterHeaders.ORIGINAL_SEQUENCE, Long.toString(meta.streamSequence()));
      position = meta.getStream() + ":" + meta.streamSequence();
    }
    headers.put(CloudEventCodec.MSG_ID_HEADER, "dlq:" + consumer + ":" + (meta != null ? position : originalId));
    NatsMessage dead = NatsMessage.builder()
        .subject(environment.dlqSubject(consumer, original.getSubject()))
        .headers(headers)
        .data(original.getData())
        .build();
    return jetStream.publish(dead);
  }

  /** Header values are one line of printable text; longer errors are cut. */
  static String headerSafe(String error) {
    String oneLine = String.valueOf(error).replaceAll("[\\r\\n\\t]+", " ").replaceAll("[^\\x20-\\x7E]", "?");
    return oneLine.length() > MAX_ERROR_LENGTH ? oneLine.substring(0, MAX_ERROR_LENGTH) + "..." : oneLine;
  }
}
